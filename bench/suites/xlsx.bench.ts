import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../src/context.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { benchDatabase, runOffre } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// The XLSX export of the diffused offer (issue 12 item 6): `offre export xlsx` of the whole demo
// store in its own child process as a user runs it (node bin/offre.js, compiled build), so the
// peak RSS and the CPU time are the command's alone — not the bench's (which holds the seeding),
// nor tsx's (runCli transpiles the sources inside the measured process). Targets on PostgreSQL:
// 50,000 formations in ≤ 60 s and ≤ 300 MB. CPU seconds are given too: on a shared machine the
// wall time says how busy it was.

const MB = 1024 * 1024;

export const xlsxSuite: BenchSuite = {
  name: 'xlsx',
  async run(env: BenchEnv): Promise<BenchFigure[]> {
    const file = join(env.tmpDir, `offre-${env.engine}.xlsx`);
    const n = env.formations;
    const pg = env.engine === 'postgres';
    const source = await benchDatabase(env, 'xlsx_source');
    try {
      const ctx: AppContext = { db: source.db, engine: source.engine, now: () => new Date() };
      await loadDemo(ctx, { formations: n, seed: 7 });
      if (!pg) await source.close(); // the child opens the PGlite folder
      const exp = await runOffre(source, ['export', 'xlsx', '--out', file]);
      if (exp.code !== 0) throw new Error(`offre export xlsx : code ${exp.code}`);
      // The CSV export of the same rows, in the same conditions: on a loaded machine the ratio says
      // more than the absolute figures.
      const csv = await runOffre(source, ['export', 'csv', '--out', join(env.tmpDir, 'offre.csv')]);
      if (csv.code !== 0) throw new Error(`offre export csv : code ${csv.code}`);
      return [
        {
          name: `export XLSX ${n} formations (offre export xlsx)`,
          value: +(exp.ms / 1000).toFixed(1),
          unit: 's',
          ...(pg ? { target: '≤ 60 s', ok: exp.ms <= 60_000 } : {}),
          note: `${Math.round(statSync(file).size / MB)} MB écrits, CPU ${exp.cpuS.toFixed(1)} s`,
        },
        {
          name: `export CSV des mêmes ${n} formations (offre export csv)`,
          value: +(csv.ms / 1000).toFixed(1),
          unit: 's',
          note: `XLSX / CSV = ${(exp.ms / csv.ms).toFixed(2)} ; CPU CSV ${csv.cpuS.toFixed(1)} s ; pic RSS CSV ${csv.maxRssMb} MB`,
        },
        {
          name: 'export XLSX pic RSS',
          value: exp.maxRssMb,
          unit: 'MB',
          note: `pic RSS propre du processus node bin/offre.js export xlsx${pg ? '' : ', base PGlite comprise'}`,
          ...(pg ? { target: '≤ 300 MB', ok: exp.maxRssMb <= 300 } : {}),
        },
      ];
    } finally {
      await source.close();
    }
  },
};
