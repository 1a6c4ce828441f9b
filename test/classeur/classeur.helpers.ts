import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { prepareClasseur } from '../../src/services/export-classeur.service.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';

// The offer of the campaign-workbook tests: four formations of SIRET_A, each at one place, with a
// session of rentrée 2026; the workbook is for rentrée 2027.

export const NOW = new Date('2026-11-24T10:00:00Z');

export const OFFRE: FormationInput[] = [
  formationFixture({ cle_externe: 'F1', intitule: 'BTS Management commercial opérationnel' }),
  formationFixture({
    cle_externe: 'F2',
    intitule: 'CAP Cuisine',
    certification: { rncp: 'RNCP37859', cfd: '50022135' },
    modalites: {
      formation_continue: false,
      contrat_professionnalisation: false,
      contrat_apprentissage: true,
      annees_apprentissage: [1, 2],
      duree_annees: 2,
    },
    sessions: [
      {
        debut: '2026-09-07',
        fin: '2028-07-05',
        etat_recrutement: 'ouvert',
        capacite: 12,
        lieu: { adresse: '8 quai Perrache', code_postal: '69002', commune: 'Lyon' },
        reunions_information: [],
        bilans: [],
      },
    ],
  }),
  formationFixture({
    cle_externe: 'F3',
    intitule: 'Bac pro Commerce',
    sessions: [
      {
        debut: '2026-09-01',
        fin: '2029-06-30',
        etat_recrutement: 'ouvert',
        capacite: 15,
        lieu: { adresse: '3 rue Garibaldi', code_postal: '69003', commune: 'Lyon' },
        reunions_information: [],
        bilans: [],
      },
    ],
  }),
  formationFixture({
    cle_externe: 'F4',
    intitule: 'BTS Négociation et digitalisation de la relation client',
    sessions: [
      {
        debut: '2026-09-01',
        fin: '2028-06-30',
        etat_recrutement: 'ouvert',
        capacite: 20,
        lieu: { adresse: '10 avenue Jean Jaurès', code_postal: '69007', commune: 'Lyon' },
        reunions_information: [],
        bilans: [],
      },
    ],
  }),
];

/** Saves the first `n` formations of OFFRE (all by default) in one transaction: their ids. */
export async function loadOffre(api: Pick<TestApi, 'ctx'>, n = OFFRE.length): Promise<string[]> {
  return api.ctx.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const f of OFFRE.slice(0, n))
      ids.push((await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW })).id);
    return ids;
  });
}

/** The campaign workbook of `siret` for `annee`, as the system exports it. */
export async function exportClasseur(
  api: Pick<TestApi, 'ctx'>,
  annee = 2027,
  siret = SIRET_A,
): Promise<Buffer> {
  const c = await prepareClasseur(api.ctx, SYSTEME('test'), { siret, annee });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  await c.ecrire(out);
  return Buffer.concat(chunks);
}

export async function ouvrir(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

export const enBuffer = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

export async function compter(api: TestApi) {
  const n = (t: 'session' | 'formation' | 'historique' | 'change_event') => compterLignes(api.ctx.db, t);
  return {
    sessions: await n('session'),
    formations: await n('formation'),
    historique: await n('historique'),
    events: await n('change_event'),
  };
}

/** Paints one cell as Excel does: its own style (exceljs shares loaded style objects between cells). */
export function peindre(cell: ExcelJS.Cell, style: Partial<ExcelJS.Style>): void {
  cell.style = { ...cell.style, ...style };
}

/**
 * The cells of a new formation's row (to paint blue) of SIRET_A, with its session of the 2027
 * campaign; `v` overrides what a test varies (a cell set to null stays empty).
 */
export const nouvelleLigne = (v: Record<string, unknown> = {}): Record<string, unknown> => ({
  intitule: 'Titre professionnel Vendeur conseil en magasin',
  debut: '07/09/2027',
  fin: '30/06/2028',
  capacite: 16,
  contactNom: 'Lou Bernard',
  contactTelephone: '04 72 00 00 00',
  contactCourriel: 'accueil@cfa.example',
  objectif: 'Vendre et conseiller en magasin.',
  siretResponsable: SIRET_A,
  siretFormateur: SIRET_A,
  rncp: 'RNCP37098',
  duree: 1,
  annees: '1',
  contratPro: 'oui',
  formationContinue: 'non',
  adresse: '5 place Bellecour',
  codePostal: '69002',
  commune: 'Lyon',
  ...v,
});

/** A fresh test database with OFFRE loaded (its ids in order) for the tests of one file, closed after them. */
export function offreDeTest(): { readonly api: TestApi; readonly ids: readonly string[] } {
  const o = {} as { api: TestApi; ids: string[] };
  beforeAll(async () => {
    o.api = await testApi({ now: () => NOW });
    o.ids = await loadOffre(o.api);
  });
  afterAll(() => o.api?.close());
  return o;
}
