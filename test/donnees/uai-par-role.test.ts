import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { formationToLheo } from '../../src/formats/lheo/lheo.writer.ts';
import { listFormations } from '../../src/services/formation.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import { formationXml, lheo } from './lheo.fixture.ts';

// Issue 11, item 7: one SIRET, several UAIs. The lycée (UAI 0693446W) and its apprenticeship
// unit (UAI 0691234S) share SIRET_A: each formation keeps the UAI of the role it names, whatever
// another formation of the same SIRET says, on every reading (API, LHEO, search, conformity).

const LYCEE = '0693446W';
const UFA = '0691234S';
const systeme = SYSTEME('test-uai');
const session = { numero: 'S1', debut: '20270901', fin: '20290630' };
const lieu = { ligne: '1 rue de la Paix', cp: '69001', ville: 'Lyon' };
const bacPro = formationXml({
  numero: 'F-LYCEE',
  intitule: 'Bac pro Commerce',
  responsable: { siret: SIRET_A, raison: 'Lycée Ampère', uai: LYCEE },
  actions: [{ lieux: [lieu], formateurs: [{ siret: SIRET_A, uai: LYCEE }], sessions: [session] }],
});
const cap = formationXml({
  numero: 'F-UFA',
  intitule: 'CAP Équipier polyvalent du commerce',
  responsable: { siret: SIRET_A, raison: 'Lycée Ampère', uai: UFA },
  actions: [{ lieux: [lieu], formateurs: [{ siret: SIRET_A, uai: UFA }], sessions: [session] }],
});

describe('one SIRET, several UAIs (issue 11, item 7)', () => {
  let t: TestApi;
  const parCle = async () =>
    new Map(
      (await listFormations(t.ctx.db, systeme, {}, { limit: 100 })).data.map((f) => [f.cle_externe, f]),
    );
  beforeAll(async () => {
    t = await testApi();
  });
  afterAll(() => t?.close());

  it('a second formation with the other UAI overwrites nothing stored', async () => {
    expect((await importLheo(t.ctx, systeme, [lheo(bacPro)])).formations.creees).toBe(1);
    expect((await importLheo(t.ctx, systeme, [lheo(cap)])).formations.creees).toBe(1);
    const f = await parCle();
    expect([f.get('F-LYCEE')!.responsable!.uai, f.get('F-LYCEE')!.formateur!.uai]).toEqual([LYCEE, LYCEE]);
    expect([f.get('F-UFA')!.responsable!.uai, f.get('F-UFA')!.formateur!.uai]).toEqual([UFA, UFA]);
    // The establishment's own UAI stays its first known one.
    const o = await t.ctx.db
      .selectFrom('organisme')
      .select('uai')
      .where('siret', '=', SIRET_A)
      .executeTakeFirst();
    expect(o?.uai).toBe(LYCEE);
    // Importing both again changes nothing (no phantom change from the other formation's UAI).
    expect((await importLheo(t.ctx, systeme, [lheo(bacPro, cap)])).formations).toEqual({
      creees: 0,
      mises_a_jour: 0,
      inchangees: 2,
      rejetees: 0,
    });
  });

  it('every reading shows the formation’s own UAI: API, LHEO export, search by UAI', async () => {
    const f = await parCle();
    const ufa = f.get('F-UFA')!;
    const api = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${ufa.id}`,
      headers: bearer(t.keys.admin),
    });
    expect(api.json().responsable.uai).toBe(UFA);
    const xml = formationToLheo(ufa, () => {});
    expect(xml).toContain(`<code-UAI>${UFA}</code-UAI>`);
    expect(xml).not.toContain(LYCEE);
    const trouvees = await listFormations(t.ctx.db, systeme, { uai: UFA }, { limit: 100 });
    expect(trouvees.data.map((x) => x.cle_externe)).toEqual(['F-UFA']);
  });

  it('a write that omits the UAI keeps the formation’s own, not the establishment’s', async () => {
    const ufa = (await parCle()).get('F-UFA')!;
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${ufa.id}`,
      headers: bearer(t.keys.admin),
      payload: {
        cle_externe: 'F-UFA',
        intitule: 'CAP Équipier polyvalent du commerce (EPC)',
        responsable: { siret: SIRET_A },
        formateur: { siret: SIRET_A },
        sessions: ufa.sessions.map((s) => ({
          id: s.id,
          cle_externe: s.cle_externe,
          debut: s.debut,
          fin: s.fin,
          lieu: { adresse: s.lieu.adresse, code_postal: s.lieu.code_postal, commune: s.lieu.commune },
        })),
      },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().formation.responsable.uai).toBe(UFA);
    expect((await parCle()).get('F-LYCEE')!.responsable!.uai).toBe(LYCEE);
  });
});
