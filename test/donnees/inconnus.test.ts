import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as viderInconnus } from '../../src/db/migrations/0671_organisme_inconnu.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { formationToLheo } from '../../src/formats/lheo/lheo.writer.ts';
import { listFormations } from '../../src/services/formation.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import { formationXml, lheo } from './lheo.fixture.ts';

// Issue 11, item 8: placeholders are not data. Real LHEO exports carry `-` as raison sociale,
// 99999999999 as NDA, 00000000000000 as SIRET, « Non renseigné » / « NR » as text: unknown, never
// stored over a real value, never exported as the organisation's name (src/domain/inconnu.ts).

const systeme = SYSTEME('test-inconnus');
const session = { numero: 'S1', debut: '20270901', fin: '20290630' };
const lieu = { ligne: '1 rue de la Paix', cp: '69001', ville: 'Lyon' };

describe('placeholders are not data (issue 11, item 8)', () => {
  let t: TestApi;
  const organismeA = () =>
    t.ctx.db
      .selectFrom('organisme')
      .select(['raison_sociale', 'nda'])
      .where('siret', '=', SIRET_A)
      .executeTakeFirst();
  const parCle = async () =>
    new Map(
      (await listFormations(t.ctx.db, systeme, {}, { limit: 100 })).data.map((f) => [f.cle_externe, f]),
    );
  beforeAll(async () => {
    t = await testApi();
  });
  afterAll(() => t?.close());

  it('LHEO: a placeholder name, NDA, SIRET or text never replaces a real value nor becomes one', async () => {
    const reel = formationXml({
      numero: 'F-REEL',
      responsable: { siret: SIRET_A, raison: 'CFA Lumière', nda: '84691234569' },
      actions: [{ lieux: [lieu], sessions: [session] }],
    });
    expect((await importLheo(t.ctx, systeme, [lheo(reel)])).formations.creees).toBe(1);
    const bouche = formationXml({
      numero: 'F-BOUCHE-TROU',
      contenu: 'NR',
      contactNom: '-',
      responsable: { siret: SIRET_A, raison: '-', nda: '99999999999' },
      actions: [
        {
          lieux: [lieu],
          formateurs: [{ siret: '00000000000000', raison: 'Non renseigné' }],
          sessions: [session],
        },
      ],
    });
    const report = await importLheo(t.ctx, systeme, [lheo(bouche)]);
    expect(report).toEqual({
      formations: { creees: 1, mises_a_jour: 0, inchangees: 0, rejetees: 0 },
      rejets: [],
      rejets_total: 0,
      creees: [{ ligne: 3, numero: 'F-BOUCHE-TROU', intitule: 'BTS Management commercial opérationnel' }],
      modifiees: [],
      revisions_gardees: 0,
      avertissements: [],
      avertissements_total: 0,
    });
    expect(await organismeA()).toEqual({ raison_sociale: 'CFA Lumière', nda: '84691234569' });
    const f = (await parCle()).get('F-BOUCHE-TROU')!;
    expect(f.responsable).toMatchObject({
      siret: SIRET_A,
      raison_sociale: 'CFA Lumière',
      nda: '84691234569',
    });
    expect(f.formateur).toBeNull();
    expect(f.contenu).toBeNull();
    expect(f.contacts.map((c) => c.nom)).toEqual([null]);
    expect(
      await t.ctx.db.selectFrom('organisme').select('siret').where('siret', '=', '00000000000000').execute(),
    ).toEqual([]);
    // Exported under its real name, never `-`.
    const xml = formationToLheo(f, () => {});
    expect(xml).toContain('<raison-sociale>CFA Lumière</raison-sociale>');
    expect(xml).not.toMatch(/>-</);
  });

  it('LHEO: a re-import with a placeholder text keeps the stored text', async () => {
    const avant = (await parCle()).get('F-REEL')!;
    const report = await importLheo(t.ctx, systeme, [
      lheo(
        formationXml({
          numero: 'F-REEL',
          intitule: 'Non renseigné',
          responsable: { siret: SIRET_A, raison: 'N/A', nda: '00000000000' },
          actions: [{ lieux: [lieu], sessions: [session] }],
        }),
      ),
    ]);
    expect(report.formations.inchangees).toBe(1);
    expect((await parCle()).get('F-REEL')!.intitule).toBe(avant.intitule);
  });

  it('API: a placeholder name or NDA keeps the known one; a placeholder e-mail or URL is unknown, not refused', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({
        cle_externe: 'API-BOUCHE-TROU',
        url: '-',
        responsable: { siret: SIRET_A, raison_sociale: '--', nda: '99999999999', uai: '0000000A' },
        contacts: [{ type: 'accueil', nom: 'Accueil', telephone: '0000000000', courriel: 'Non renseigné' }],
      }),
    });
    expect(r.statusCode).toBe(201);
    const f = r.json().formation;
    expect(f.responsable).toMatchObject({ raison_sociale: 'CFA Lumière', nda: '84691234569', uai: null });
    expect(f.url).toBeNull();
    expect(f.contacts).toEqual([{ type: 'accueil', nom: 'Accueil', telephone: null, courriel: null }]);
    expect(await organismeA()).toEqual({ raison_sociale: 'CFA Lumière', nda: '84691234569' });
  });

  it('migration 0671 empties the placeholders stored before, and nothing else', async () => {
    const now = new Date();
    await t.ctx.db
      .insertInto('organisme')
      .values([
        {
          siret: '01234567400019',
          siren: '012345674',
          raison_sociale: '-',
          nda: '99999999999',
          uai: '0690001A',
          created_at: now,
          updated_at: now,
        },
      ])
      .execute();
    await viderInconnus(t.ctx.db as never);
    const rows = await t.ctx.db
      .selectFrom('organisme')
      .select(['siret', 'raison_sociale', 'nda', 'uai'])
      .where('siret', 'in', ['01234567400019', SIRET_A])
      .orderBy('siret')
      .execute();
    expect(rows).toEqual([
      { siret: '01234567400019', raison_sociale: null, nda: null, uai: '0690001A' },
      { siret: SIRET_A, raison_sociale: 'CFA Lumière', nda: '84691234569', uai: null },
    ]);
  });
});
