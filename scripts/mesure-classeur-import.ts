import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { classeurRempli } from '../bench/suites/classeur.bench.ts';
import type { AppContext } from '../src/context.ts';
import { SYSTEME } from '../src/domain/acteur.ts';
import { importClasseur } from '../src/services/import-classeur.service.ts';
import { openPrivateSchema } from '../test/helpers/private-schema.ts';

// CPU of the campaign workbook import applied, one by one and in bulk (docs/architecture.md): the
// bench's returned workbook (classeurRempli: N demo formations of one network) imported into a
// fresh schema each way; CPU time of this process and of the PostgreSQL backends of its pool
// (found by application_name, read in /proc), not wall-clock time. Needs PostgreSQL on this machine.
// Run: N=3500 PATHS=single,bulk node bin/run-ts.js scripts/mesure-classeur-import.ts

const N = Number(process.env.N ?? 3500);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const app = `mesure_classeur_${process.pid}`;
const pgCpu = async (db: AppContext['db']) => {
  const { rows } = await sql<{
    pid: number;
  }>`select pid from pg_stat_activity where application_name = ${app}`.execute(db);
  const m = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      m.set(pid, ((Number(f[11]) + Number(f[12])) * 1000) / 100);
    } catch {}
  }
  return m;
};
for (const writePath of (process.env.PATHS ?? 'single,bulk').split(',') as ('single' | 'bulk')[]) {
  const b = await openPrivateSchema(
    `${url}?application_name=${app}`,
    `mesure_classeur_${writePath}_${process.pid}`,
    4,
  );
  const ctx: AppContext = { db: b.db, engine: b.engine, now: () => new Date() };
  try {
    const { fichier, lignes } = await classeurRempli(ctx, N);
    const p0 = await pgCpu(b.db);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await importClasseur(ctx, SYSTEME('bench'), fichier, { dryRun: false, writePath });
    const c = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    const p1 = await pgCpu(b.db);
    let pg = 0;
    for (const [pid, v] of p1) pg += v - (p0.get(pid) ?? 0);
    const node = (c.user + c.system) / 1000;
    console.log(
      `${writePath}: ${lignes} lignes, modifiees ${r.rapport.totaux.modifiee}, fermees ${r.rapport.totaux.fermee}: node ${node.toFixed(0)} ms, pg ${pg.toFixed(0)} ms, total ${(node + pg).toFixed(0)} ms, wall ${wall.toFixed(0)} ms`,
    );
  } finally {
    await b.close();
  }
}
