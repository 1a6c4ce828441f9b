import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../src/context.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { prepareClasseur } from '../../src/services/export-classeur.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { benchDatabase, measurePeakRss, round } from '../measure.ts';
import type { BenchSuite } from '../types.ts';

// Issue 15, defect 5: a campaign workbook of N new (blue) rows that all look alike — same
// responsable, formateur, certification, place and dates, so that every new formation is a
// probable duplicate of every other (FORM_DOUBLON's worst case) — applied in one import.
// BENCH_CLASSEUR_NOUVELLES rows (default 50,000, the workbook's row limit).

const LIGNES = Number(process.env.BENCH_CLASSEUR_NOUVELLES ?? 50_000);

async function classeur(ctx: AppContext, siret: string, annee: number): Promise<Buffer> {
  const c = await prepareClasseur(ctx, SYSTEME('bench'), { siret, annee });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  await c.ecrire(out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Offre')!;
  if (ws.rowCount > 1) ws.spliceRows(2, ws.rowCount - 1);
  const col = Object.fromEntries(colonnesClasseur(annee).map((c, i) => [c.cle, i + 1]));
  const bleu = { font: { color: { argb: 'FF0070C0' } } };
  for (let i = 0; i < LIGNES; i++) {
    const row = ws.getRow(2 + i);
    const valeurs: Record<string, ExcelJS.CellValue> = {
      intitule: `Titre professionnel semblable ${i}`,
      objectif: 'Vendre et conseiller en magasin.',
      rncp: 'RNCP37098',
      siretResponsable: siret,
      siretFormateur: siret,
      adresse: '5 place Bellecour',
      codePostal: '69002',
      commune: 'Lyon',
      duree: 1,
      annees: '1',
      contratPro: 'oui',
      formationContinue: 'non',
      capacite: 12,
      contactNom: 'Lou Bernard',
      contactCourriel: 'accueil@cfa.example',
      debut: `07/09/${annee}`,
      fin: `30/06/${annee + 1}`,
    };
    for (const [cle, v] of Object.entries(valeurs)) {
      const cell = row.getCell(col[cle]!);
      cell.value = v;
      cell.style = bleu;
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const classeurNouvellesSuite: BenchSuite = {
  name: 'classeur-nouvelles',
  async run(env) {
    const database = await benchDatabase(env, 'classeur-nouvelles');
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
    try {
      await loadDemo(ctx, { formations: 20, seed: 7 });
      const siret = (
        await ctx.db
          .selectFrom('formation')
          .select('responsable_siret')
          .where('responsable_siret', 'is not', null)
          .orderBy('responsable_siret')
          .limit(1)
          .executeTakeFirstOrThrow()
      ).responsable_siret!;
      const annee =
        new Date().getUTCMonth() >= 8 ? new Date().getUTCFullYear() + 1 : new Date().getUTCFullYear();
      const fichier = await classeur(ctx, siret, annee);
      const avant = Math.round(process.memoryUsage().rss / 1024 / 1024);
      const applique = await measurePeakRss(() =>
        importClasseur(ctx, SYSTEME('bench'), fichier, { dryRun: false }),
      );
      const t = applique.result.rapport.totaux;
      return [
        {
          name: `import appliqué de ${LIGNES} nouvelles lignes semblables (même responsable, certification, lieu et dates)`,
          value: round(applique.ms / 1000, 1),
          unit: 's',
          note: `${round(LIGNES / (applique.ms / 1000), 0)} lignes/s ; ${t.nouvelle} nouvelles, ${t.erreur} en erreur`,
        },
        {
          name: `pic de mémoire pendant cet import (${LIGNES} lignes)`,
          value: applique.peakMb,
          unit: 'MB',
          note: `RSS avant l’import : ${avant} MB (classeur en mémoire compris)`,
        },
      ];
    } finally {
      await database.close();
    }
  },
};
