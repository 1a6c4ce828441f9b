import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { listFormations } from '../../src/services/formation.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { SIRET_A, SIRET_B, type TestApi, testApi } from '../api/helpers.ts';
import { formationXml, lheo } from './lheo.fixture.ts';

// Issue 11, item 14: LHEO 2.3 allows several lieu-de-formation and several organisme-formateur
// per action (lheo-2.3.xsd, action-subtype: maxOccurs="unbounded"); LHEO ties no session to one
// place. Offre keeps every place (one session per session × place) and, having one formateur per
// formation, rejects a record naming two different ones with the XML path — never a silent loss.

const systeme = SYSTEME('test-lieux');
const LYON = { ligne: '12 rue de la République', cp: '69002', ville: 'Lyon', uai: '0690003C' };
const VILLEURBANNE = { ligne: '5 avenue Einstein', cp: '69100', ville: 'Villeurbanne' };

describe('an LHEO action with several places or formateurs (issue 11, item 14)', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await testApi();
  });
  afterAll(() => t?.close());

  it('keeps every place: each session is offered at each place of its action', async () => {
    const xml = lheo(
      formationXml({
        numero: 'F-DEUX-LIEUX',
        responsable: { siret: SIRET_A, raison: 'CFA Lumière' },
        actions: [
          {
            lieux: [LYON, VILLEURBANNE],
            formateurs: [{ siret: SIRET_A }, { siret: SIRET_A, raison: 'CFA Lumière' }],
            sessions: [
              { numero: 'S-2027', debut: '20270901', fin: '20290630' },
              { numero: 'S-2028', debut: '20280901', fin: '20300630' },
            ],
          },
        ],
      }),
    );
    const report = await importLheo(t.ctx, systeme, [xml]);
    expect(report).toEqual({
      formations: { creees: 1, mises_a_jour: 0, inchangees: 0, rejetees: 0 },
      rejets: [],
      rejets_total: 0,
      creees: [{ ligne: 3, numero: 'F-DEUX-LIEUX', intitule: 'BTS Management commercial opérationnel' }],
      modifiees: [],
      revisions_gardees: 0,
      avertissements: [],
      avertissements_total: 0,
    });
    const [f] = (await listFormations(t.ctx.db, systeme, {}, { limit: 10 })).data;
    expect(
      f!.sessions
        .map((s) => [s.cle_externe, s.debut, s.lieu.code_postal, s.lieu.commune, s.lieu.uai])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      ['S-2027', '2027-09-01', '69002', 'Lyon', '0690003C'],
      ['S-2027-L2', '2027-09-01', '69100', 'Villeurbanne', null],
      ['S-2028', '2028-09-01', '69002', 'Lyon', '0690003C'],
      ['S-2028-L2', '2028-09-01', '69100', 'Villeurbanne', null],
    ]);
    // The same formateur repeated is one formateur.
    expect(f!.formateur).toMatchObject({ siret: SIRET_A, raison_sociale: 'CFA Lumière' });
    expect((await importLheo(t.ctx, systeme, [xml])).formations.inchangees).toBe(1);
  });

  it('rejects a record naming two different formateurs, with the XML path of the second', async () => {
    const deux = (numero: string, actions: Parameters<typeof formationXml>[0]['actions']) =>
      formationXml({ numero, responsable: { siret: SIRET_A, raison: 'CFA Lumière' }, actions });
    const s = [{ numero: 'S1', debut: '20270901', fin: '20290630' }];
    const report = await importLheo(t.ctx, systeme, [
      lheo(
        deux('F-DEUX-FORMATEURS', [
          { lieux: [LYON], formateurs: [{ siret: SIRET_A }, { siret: SIRET_B }], sessions: s },
        ]),
        deux('F-FORMATEUR-PAR-ACTION', [
          { lieux: [LYON], formateurs: [{ siret: SIRET_A }], sessions: s },
          { lieux: [VILLEURBANNE], formateurs: [{ siret: SIRET_B }], sessions: s },
        ]),
      ),
    ]);
    expect(report.formations).toEqual({ creees: 0, mises_a_jour: 0, inchangees: 0, rejetees: 2 });
    expect(report.rejets.map((r) => [r.chemin, r.code])).toEqual([
      ['/lheo/offres/formation[1]/action[1]/organisme-formateur[2]', 'LHEO_FORMATEURS_MULTIPLES'],
      ['/lheo/offres/formation[2]/action[2]/organisme-formateur[1]', 'LHEO_FORMATEURS_MULTIPLES'],
      // Its two actions number their sessions alike (S1): one formation, two sessions of one key.
      ['/lheo/offres/formation[2]/action[2]/session[1]', 'LHEO_SESSION_NUMERO_EN_DOUBLE'],
    ]);
    expect(report.rejets[0]!.message).toContain(`SIRET ${SIRET_B}`);
    const cles = (await listFormations(t.ctx.db, systeme, {}, { limit: 10 })).data.map((f) => f.cle_externe);
    expect(cles).not.toContain('F-DEUX-FORMATEURS');
  });
});
