import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { SaxesParser } from 'saxes';
import type { AppContext } from '../../src/context.ts';
import { LHEO_FIN } from '../../src/formats/lheo/lheo.writer.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import type { LheoImportReport } from '../../src/services/import-lheo.service.ts';
import { type BenchDatabase, benchDatabase, measurePeakRss, runCli } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// LHEO at national scale: `offre export lheo --all` of the whole store, then `offre import lheo`
// of that file into an empty store, each in its own child process as a user runs them (so the
// peak RSS is the command's, not the demo load's), against the raw saxes parse of the same file
// in the same run (the ratio is the figure).

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

/** Formations in an LHEO file by a bare saxes parse: the raw-parse baseline of the imports. */
export async function rawParse(file: string): Promise<number> {
  const parser = new SaxesParser({ xmlns: true });
  let formations = 0;
  parser.on('closetag', (t) => {
    if (t.local === 'formation') formations++;
  });
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) parser.write(chunk);
  parser.close();
  return formations;
}

/** The idle CLI's RSS on the same store (every command loads the whole CLI; PGlite adds the store). */
export async function idleBaseline(database: BenchDatabase): Promise<number> {
  return (await runCli(database, ['referentiel', 'status'])).maxRssMb;
}

const rssNote = (command: string, repos: number, pglite: boolean) =>
  `pic RSS propre du processus ${command}${pglite ? ', base PGlite comprise' : ''} ; CLI au repos (offre referentiel status) sur la même base : ${repos} MB`;

export const lheoSuite: BenchSuite = {
  name: 'lheo',
  async run(env: BenchEnv): Promise<BenchFigure[]> {
    const file = join(env.tmpDir, `lheo-${env.engine}.xml`);
    const figures: BenchFigure[] = [];
    const n = env.formations;
    const pg = env.engine === 'postgres';

    const source = await benchDatabase(env, 'lheo_source');
    try {
      const ctx: AppContext = { db: source.db, engine: source.engine, now: () => new Date() };
      await loadDemo(ctx, { formations: n, seed: 5 });
      if (!pg) await source.close(); // the child opens the PGlite folder
      const repos = await idleBaseline(source);
      const exp = await runCli(source, ['export', 'lheo', '--all', '--out', file]);
      if (exp.code !== 0) throw new Error(`offre export lheo : code ${exp.code}`);
      figures.push(
        {
          name: `export LHEO ${n} formations (offre export lheo --all)`,
          value: +(exp.ms / 1000).toFixed(1),
          unit: 's',
          ...(pg ? { target: '≤ 30 s', ok: exp.ms <= 30_000 } : {}),
          note: `${Math.round(statSync(file).size / MB)} MB écrits`,
        },
        {
          name: 'export LHEO pic RSS',
          value: exp.maxRssMb,
          unit: 'MB',
          note: rssNote('offre export lheo', repos, !pg),
          ...(pg ? { target: '≤ 300 MB', ok: exp.maxRssMb <= 300 } : {}),
        },
      );
    } finally {
      await source.close();
    }

    // BENCH_LHEO_IMPORT=N imports only the first N formations (default: the whole file).
    const sample = Math.min(n, Number(process.env.BENCH_LHEO_IMPORT) || n);
    const importFile = sample < n ? join(env.tmpDir, `lheo-${env.engine}-${sample}.xml`) : file;
    if (sample < n) await firstFormations(file, sample, importFile);
    const raw = await measurePeakRss(() => rawParse(importFile));
    const rawRate = raw.result / (raw.ms / 1000);
    figures.push({
      name: 'parse saxes brut du même fichier',
      value: Math.round(rawRate),
      unit: 'rows/s',
      note: `formations/s, référence de la même exécution (${(raw.ms / 1000).toFixed(1)} s)`,
    });

    const target = await benchDatabase(env, 'lheo_cible');
    try {
      if (!pg) await target.close();
      const repos = await idleBaseline(target);
      const imp = await runCli(target, ['import', 'lheo', importFile, '--json']);
      // Exit code 1 only says some formations were rejected: the report tells how many.
      if (imp.code > 1 || !imp.stdout.trim()) throw new Error(`offre import lheo : code ${imp.code}`);
      const f = (JSON.parse(imp.stdout) as LheoImportReport).formations;
      const rate = (f.creees + f.mises_a_jour + f.inchangees) / (imp.ms / 1000);
      figures.push(
        {
          name: `import LHEO ${sample} formations (offre import lheo)`,
          value: Math.round(rate),
          unit: 'rows/s',
          note: `${(imp.ms / 1000).toFixed(1)} s, ${f.creees} créées, ${f.rejetees} rejetées`,
        },
        { name: 'import LHEO / parse brut', value: +(rate / rawRate).toFixed(3), unit: 'ratio' },
        {
          name: 'import LHEO pic RSS',
          value: imp.maxRssMb,
          unit: 'MB',
          note: rssNote('offre import lheo', repos, !pg),
        },
      );
    } finally {
      await target.close();
    }
    return figures;
  },
};
