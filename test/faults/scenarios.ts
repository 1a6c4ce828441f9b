import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { AppContext } from '../../src/context.ts';
import { ensureCampagneCourante } from '../../src/db/campagne.repository.ts';
import type { Database } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { prepareClasseur } from '../../src/services/export-classeur.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import type { Etat, Moteur } from './moteur.ts';

// The long writes of Offre, each as the command an operator runs, with the state it runs on.
// One model database (a 40-formation demo, seed 7) is made once; each scenario copies it, may
// change it (preparer), then its command runs on copies of that.

const FIXTURES = new URL('../fixtures/referentiels/', import.meta.url).pathname;
const DEMO_FORMATIONS = 40;

export interface Scenario {
  readonly nom: string;
  /** 'demo': the model database; 'vide': migrated, empty. */
  readonly depart: 'demo' | 'vide';
  /** One transaction: after a kill, the database is exactly the one before or the one after. */
  readonly atomique: boolean;
  readonly args: (e: Entrees) => string[];
  readonly preparer?: (db: Database) => Promise<void>;
}

/** The input files of the scenarios, written once from the model database. */
export interface Entrees {
  readonly lheo: string;
  readonly classeur: string;
  readonly annee: number;
}

const ref = (kind: string, fichier: string): Scenario => ({
  nom: `referentiel-${kind}`,
  depart: 'demo',
  atomique: true,
  args: () => ['referentiel', 'import', kind, join(FIXTURES, fichier), '--force'],
});

export const SCENARIOS: readonly Scenario[] = [
  {
    nom: 'import-lheo',
    depart: 'demo',
    atomique: true,
    args: (e) => ['import', 'lheo', e.lheo],
    // The export of this very offer, imported after every title changed: an update of each formation.
    preparer: async (d) => {
      await sql`update formation set intitule = intitule || ' (ancien intitulé)'`.execute(d.db);
    },
  },
  { nom: 'import-classeur', depart: 'demo', atomique: true, args: (e) => ['import', 'classeur', e.classeur] },
  ref('rncp', 'rncp/fiches-v4.1.xml'),
  ref('bcn', 'bcn/N_FORMATION_DIPLOME.csv'),
  ref('kit', 'kit/kit-apprentissage-v3.0.csv'),
  ref('lpof', 'organismes/liste-publique-of.csv'),
  ref('sirene', 'organismes/StockEtablissement.csv'),
  ref('acce', 'organismes/ACCE_UAI.csv'),
  ref('communes', 'communes/communes.csv'),
  ref('marches', 'marches/marches-region.csv'),
  {
    nom: 'bascule-campagne',
    depart: 'demo',
    atomique: true,
    args: (e) => ['campagne', 'rollover', '--from', String(e.annee), '--to', String(e.annee + 1)],
  },
  {
    nom: 'controle-complet',
    depart: 'demo',
    atomique: false,
    args: () => ['check'],
    // Every result forgotten: the check recomputes and writes them all.
    preparer: async (d) => {
      await sql`delete from controle_echec`.execute(d.db);
      await sql`delete from controle_formation`.execute(d.db);
      await sql`delete from plateforme_etat`.execute(d.db);
    },
  },
  {
    nom: 'demo',
    depart: 'vide',
    atomique: false,
    // Two chunks of 1,000 formations (one transaction each), then the check.
    args: () => ['demo', '--formations', '1200', '--seed', '3'],
  },
];

/** Makes the two starting states and the input files the scenarios `noms` need, in `dir`. */
export async function prepareModeles(
  moteur: Moteur,
  dir: string,
  noms: readonly string[],
): Promise<{ demo: Etat; vide: Etat; entrees: Entrees }> {
  const vide = await moteur.vide('vide');
  const d0 = await vide.open();
  await migrate(d0.db);
  await d0.close();
  const demo = await vide.copy('modele');
  const d = await demo.open();
  try {
    const ctx: AppContext = { db: d.db, engine: d.engine, now: () => new Date() };
    await loadDemo(ctx, { formations: DEMO_FORMATIONS, seed: 7 });
    const annee = (await ensureCampagneCourante(d.db, ctx.now())).annee;
    const lheo = join(dir, 'offre.xml');
    if (noms.includes('import-lheo')) {
      const exp = await openLheoExport(d.db, SYSTEME('test'), {}, new Date());
      await pipeline(Readable.from(exp.chunks), createWriteStream(lheo));
    }
    const classeur = join(dir, 'classeur.xlsx');
    if (noms.includes('import-classeur')) writeFileSync(classeur, await classeurModifie(ctx, annee));
    return { demo, vide, entrees: { lheo, classeur, annee } };
  } finally {
    await d.close();
  }
}

/** The campaign workbook of the organisme with the most rows, every capacity changed (in red). */
async function classeurModifie(ctx: AppContext, annee: number): Promise<Buffer> {
  const { rows } = await sql<{ siret: string }>`select formateur_siret as siret from formation
    where formateur_siret is not null group by 1 order by count(*) desc, 1 limit 1`.execute(ctx.db);
  const c = await prepareClasseur(ctx, SYSTEME('test'), { siret: rows[0]!.siret, annee });
  const chunks: Buffer[] = [];
  const { PassThrough } = await import('node:stream');
  const out = new PassThrough();
  out.on('data', (b: Buffer) => chunks.push(b));
  await c.ecrire(out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Offre')!;
  const col = colonnesClasseur(annee).findIndex((x) => x.cle === 'capacite') + 1;
  for (let r = 2; r <= ws.rowCount; r++) {
    const cell = ws.getRow(r).getCell(col);
    cell.value = 17 + (r % 5);
    cell.style = { ...cell.style, font: { color: { argb: 'FFFF0000' } } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
