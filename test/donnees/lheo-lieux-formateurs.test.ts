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
  // Fresh users' report: a formateur SIRET failing the Luhn check (or of 13 digits) on action 1, the
  // right one on actions 2 and 3: the reader took the invalid one as « the first formateur » and
  // rejected actions 2 and 3 (LHEO_FORMATEURS_MULTIPLES at their lines) when the odd one out is
  // action 1. The formateur a record is compared with is now its first with a valid SIRET: the one
  // rejection points at action 1's element; the same invalid SIRET everywhere is stored, for
  // ORG_SIRET_FORMAT to flag (RULES.md).
  it('compares formateurs with the first whose SIRET is valid: one rejection, at the odd one’s line', async () => {
    const SIRET_FAUX = '13002526500012';
    const SIRET_13 = '1300252650001';
    const s = (n: string) => [{ numero: n, debut: '20270901', fin: '20290630' }];
    const trois = (numero: string, sirets: string[]) =>
      formationXml({
        numero,
        responsable: { siret: SIRET_A, raison: 'CFA Lumière' },
        actions: sirets.map((siret, i) => ({
          lieux: [LYON],
          formateurs: [{ siret }],
          sessions: s(`S${i + 1}`),
        })),
      });
    const xml = lheo(
      trois('F-LUHN-ACTION-1', [SIRET_FAUX, SIRET_A, SIRET_A]),
      trois('F-13-ACTION-1', [SIRET_13, SIRET_A, SIRET_A]),
      trois('F-13-PARTOUT', [SIRET_13, SIRET_13, SIRET_13]),
      trois('F-VRAIMENT-DEUX', [SIRET_A, SIRET_B, SIRET_A]),
    );
    // The file's line of each <organisme-formateur>, in order (three per formation).
    const lignes = xml.split('\n').flatMap((l, i) => (l.includes('<organisme-formateur>') ? [i + 1] : []));
    expect(lignes).toHaveLength(12);
    const report = await importLheo(t.ctx, systeme, [xml]);
    expect(report.rejets.map((r) => [r.chemin, r.code, r.ligne])).toEqual([
      ['/lheo/offres/formation[1]/action[1]/organisme-formateur[1]', 'LHEO_FORMATEURS_MULTIPLES', lignes[0]],
      ['/lheo/offres/formation[2]/action[1]/organisme-formateur[1]', 'LHEO_FORMATEURS_MULTIPLES', lignes[3]],
      ['/lheo/offres/formation[4]/action[2]/organisme-formateur[1]', 'LHEO_FORMATEURS_MULTIPLES', lignes[10]],
    ]);
    expect(report.rejets[0]!.message).toContain(
      `action 1, organisme formateur 1 (SIRET ${SIRET_FAUX}, SIRET invalide`,
    );
    expect(report.rejets[0]!.message).toContain('clé de contrôle est fausse');
    expect(report.rejets[0]!.message).toContain(`(SIRET ${SIRET_A}, action 2)`);
    expect(report.rejets[1]!.message).toContain('13 chiffres au lieu de 14');
    expect(report.rejets[2]!.message).toContain(`(SIRET ${SIRET_B})`);
    // The same invalid SIRET on every action is one formateur: stored, for the rule to flag.
    expect(report.formations.creees).toBe(1);
    const [f] = (await listFormations(t.ctx.db, systeme, { q: undefined }, { limit: 50 })).data.filter(
      (x) => x.cle_externe === 'F-13-PARTOUT',
    );
    expect(f!.formateur?.siret).toBe(SIRET_13);
    expect(f!.conformite.echecs.map((e) => [e.code, e.champ])).toContainEqual([
      'ORG_SIRET_FORMAT',
      'formateur.siret',
    ]);
  });
});
