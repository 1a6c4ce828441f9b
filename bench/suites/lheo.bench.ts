import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { SaxesParser } from 'saxes';
import type { AppContext } from '../../src/context.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { LHEO_FIN } from '../../src/formats/lheo/lheo.writer.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { benchDatabase, measurePeakRss } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// LHEO at national scale: export of the whole store, then import of that file into an empty
// store, against the raw saxes parse of the same file in the same run (the ratio is the figure).

const MB = 1024 * 1024;

/** The first `n` formations of an export (one `</formation>` per line) as a valid LHEO file. */
async function firstFormations(file: string, n: number, out: string): Promise<void> {
  const w = createWriteStream(out);
  let count = 0;
  for await (const line of createInterface({
    input: createReadStream(file, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  })) {
    w.write(`${line}\n`);
    if (line === '</formation>' && ++count >= n) break;
  }
  w.end(LHEO_FIN);
  await finished(w);
}

async function rawParse(file: string): Promise<number> {
  const parser = new SaxesParser({ xmlns: true });
  let formations = 0;
  parser.on('closetag', (t) => {
    if (t.local === 'formation') formations++;
  });
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) parser.write(chunk);
  parser.close();
  return formations;
}

export const lheoSuite: BenchSuite = {
  name: 'lheo',
  async run(env: BenchEnv): Promise<BenchFigure[]> {
    const systeme = SYSTEME('bench-lheo');
    const file = join(env.tmpDir, `lheo-${env.engine}.xml`);
    const figures: BenchFigure[] = [];
    const n = env.formations;

    const source = await benchDatabase(env, 'lheo_source');
    try {
      const ctx: AppContext = { db: source.db, engine: source.engine, now: () => new Date() };
      await loadDemo(ctx, { formations: n, seed: 5 });
      // The demo load ran in this process: its heap is part of the RSS, so say where the export started.
      const startMb = Math.round(process.memoryUsage().rss / MB);
      const exp = await measurePeakRss(async () => {
        const e = await openLheoExport(source.db, systeme);
        await pipeline(Readable.from(e.chunks), createWriteStream(file));
        return e.totaux().formations;
      });
      const pg = env.engine === 'postgres';
      figures.push(
        {
          name: `export LHEO ${exp.result} formations`,
          value: +(exp.ms / 1000).toFixed(1),
          unit: 's',
          ...(pg ? { target: '≤ 30 s', ok: exp.ms <= 30_000 } : {}),
          note: `${Math.round(statSync(file).size / MB)} MB`,
        },
        {
          name: 'export LHEO pic RSS',
          value: exp.peakMb,
          unit: 'MB',
          note: `RSS au départ de l’export : ${startMb} MB`,
          ...(pg ? { target: '≤ 300 MB', ok: exp.peakMb <= 300 } : {}),
        },
      );
    } finally {
      await source.close();
    }

    // BENCH_LHEO_IMPORT=N imports only the first N formations (the store's write path is the slow part).
    const sample = Math.min(n, Number(process.env.BENCH_LHEO_IMPORT) || n);
    const importFile = sample < n ? join(env.tmpDir, `lheo-${env.engine}-${sample}.xml`) : file;
    if (sample < n) await firstFormations(file, sample, importFile);
    const raw = await measurePeakRss(() => rawParse(importFile));
    const rawRate = raw.result / (raw.ms / 1000);
    figures.push({
      name: 'parse saxes brut du même fichier',
      value: Math.round(rawRate),
      unit: 'rows/s',
      note: 'formations/s, référence de la même exécution',
    });

    const target = await benchDatabase(env, 'lheo_cible');
    try {
      const ctx: AppContext = { db: target.db, engine: target.engine, now: () => new Date() };
      const imp = await measurePeakRss(() => importLheo(ctx, systeme, createReadStream(importFile)));
      const f = imp.result.formations;
      const rate = (f.creees + f.mises_a_jour + f.inchangees) / (imp.ms / 1000);
      figures.push(
        {
          name: `import LHEO ${sample} formations`,
          value: Math.round(rate),
          unit: 'rows/s',
          note: `${(imp.ms / 1000).toFixed(1)} s, ${f.creees} créées, ${f.rejetees} rejetées`,
        },
        { name: 'import LHEO / parse brut', value: +(rate / rawRate).toFixed(3), unit: 'ratio' },
        { name: 'import LHEO pic RSS', value: imp.peakMb, unit: 'MB' },
      );
    } finally {
      await target.close();
    }
    return figures;
  },
};
