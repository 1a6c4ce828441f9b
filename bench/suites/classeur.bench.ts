import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { AppContext } from '../../src/context.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { prepareClasseur } from '../../src/services/export-classeur.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { uploadImport, waitForImports } from '../../src/services/imports/import-tache.service.ts';
import { switchCampagne } from '../../src/services/rollover.service.ts';
import { benchDatabase, measurePeakRss, round } from '../measure.ts';
import type { BenchSuite } from '../types.ts';

// Campaign workbook of one large organisme (≈ 5,000 rows): export, then the returned workbook
// (every row dated, 5 % closed in yellow, 5 % with a red change) previewed and applied.

const FORMATIONS = Number(process.env.BENCH_CLASSEUR_FORMATIONS ?? 3_500);

async function exporter(ctx: AppContext, siret: string, annee: number): Promise<Buffer> {
  const c = await prepareClasseur(ctx, SYSTEME('bench'), { siret, annee });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  await c.ecrire(out);
  return Buffer.concat(chunks);
}

async function remplir(xlsx: Buffer, annee: number): Promise<{ fichier: Buffer; lignes: number }> {
  const col = Object.fromEntries(colonnesClasseur(annee).map((c, i) => [c.cle, i + 1]));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Offre')!;
  let lignes = 0;
  ws.eachRow((row, r) => {
    if (r === 1) return;
    lignes++;
    if (r % 20 === 0) {
      for (let c = 1; c <= 25; c++)
        row.getCell(c).style = { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } } };
      row.getCell(col.debut!).value = null;
      row.getCell(col.fin!).value = null;
      return;
    }
    if (r % 20 === 1) {
      row.getCell(col.capacite!).value = 99;
      row.getCell(col.capacite!).style = { font: { color: { argb: 'FFFF0000' } } };
    }
    if (!row.getCell(col.debut!).value) {
      row.getCell(col.debut!).value = new Date(Date.UTC(annee, 8, 1));
      row.getCell(col.fin!).value = new Date(Date.UTC(annee + 2, 5, 30));
    }
  });
  return { fichier: Buffer.from(await wb.xlsx.writeBuffer()), lignes };
}

/**
 * The returned workbook of one large organisme: the demo of `formations` formations (seed 7), all
 * owned by one network, exported, then filled as an organisme returns it (every row dated, 5 %
 * closed in yellow, 5 % with a red change). The export's duration and peak memory come with it.
 */
export async function classeurRempli(ctx: AppContext, formations = FORMATIONS) {
  await loadDemo(ctx, { formations, seed: 7 });
  // One network owns the whole demo offer: a single workbook of national-network size.
  const siret = (
    await ctx.db.selectFrom('organisme').select('siret').orderBy('siret').limit(1).executeTakeFirstOrThrow()
  ).siret;
  await sql`update formation set responsable_siret = ${siret}, siren_proprietaire = ${siret.slice(0, 9)}`.execute(
    ctx.db,
  );
  const annee = new Date().getUTCMonth() >= 8 ? new Date().getUTCFullYear() + 1 : new Date().getUTCFullYear();
  const exp = await measurePeakRss(() => exporter(ctx, siret, annee));
  const { fichier, lignes } = await remplir(exp.result, annee);
  return { siret, annee, exp, fichier, lignes };
}

export const classeurSuite: BenchSuite = {
  name: 'classeur',
  async run(env) {
    const database = await benchDatabase(env, 'classeur');
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
    try {
      const { siret, annee, exp, fichier, lignes } = await classeurRempli(ctx);
      const apercu = await measurePeakRss(() =>
        importClasseur(ctx, SYSTEME('bench'), fichier, { dryRun: true }),
      );
      const applique = await measurePeakRss(() =>
        importClasseur(ctx, SYSTEME('bench'), fichier, { dryRun: false }),
      );
      const t = applique.result.rapport.totaux;
      // The same file sent from /espace/imports: the request only stores it; the preview runs apart.
      const u = {
        kind: 'utilisateur',
        id: 'bench',
        email: 'bench@offre.test',
        nom: 'bench',
        role: 'organisme',
        siren: siret.slice(0, 9),
        regions: [],
        academies: [],
      } as const;
      const t0 = performance.now();
      await uploadImport(ctx, u, { format: 'classeur', nom: 'bench.xlsx', contenu: fichier });
      const depot = performance.now() - t0;
      await waitForImports(ctx);
      const tache = performance.now() - t0;
      // Then the campaign rollover of that offer (a new session a year later at every open place).
      const cpu0 = process.cpuUsage();
      const bascule = await measurePeakRss(() =>
        switchCampagne(ctx, SYSTEME('bench'), { de: annee, vers: annee + 1, dryRun: false }),
      );
      const cpu = process.cpuUsage(cpu0);
      return [
        {
          name: `export du classeur (${lignes} lignes)`,
          value: round(exp.ms / 1000, 2),
          unit: 's',
          note: `pic ${exp.peakMb} Mo`,
        },
        {
          name: `aperçu d’import du classeur (${lignes} lignes)`,
          value: round(apercu.ms / 1000, 2),
          unit: 's',
          note: `pic ${apercu.peakMb} Mo`,
        },
        {
          name: `import du classeur appliqué (${lignes} lignes)`,
          value: round(applique.ms / 1000, 2),
          unit: 's',
          target: '≤ 10 s',
          ok: applique.ms <= 10_000,
          note: `${t.modifiee} modifiées, ${t.fermee} fermées, ${t.inchangee} inchangées, ${t.erreur} en erreur`,
        },
        { name: 'pic de mémoire pendant l’import appliqué', value: applique.peakMb, unit: 'MB' },
        {
          name: `envoi du classeur depuis /espace/imports (${lignes} lignes) : fichier enregistré`,
          value: round(depot, 0),
          unit: 'ms',
          note: `aperçu prêt (tâche à part, classeur annoté compris) en ${round(tache / 1000, 2).toLocaleString('fr-FR')} s`,
        },
        {
          name: `bascule de campagne ${annee} → ${annee + 1} (${bascule.result.formations} formations reconduites)`,
          value: round(bascule.ms / 1000, 2),
          unit: 's',
          note: `${bascule.result.sessions_creees} sessions créées ; CPU du processus ${round((cpu.user + cpu.system) / 1e6, 2).toLocaleString('fr-FR')} s ; pic ${bascule.peakMb} Mo`,
        },
      ];
    } finally {
      await database.close();
    }
  },
};
