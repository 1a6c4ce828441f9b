import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { AppContext } from '../src/context.ts';
import { recomputeAll } from '../src/services/conformite.service.ts';
import { loadDemo } from '../src/services/demo.service.ts';
import { refreshDocuments } from '../src/services/formation-document.ts';
import { openPrivateSchema } from '../test/helpers/private-schema.ts';

// CPU cost of the stored documents (docs/echelle.md « Coût d’écriture réduit »): the full
// conformity check after a demo load with the documents present, absent, cold, and
// refreshDocuments alone; CPU time of this process and of the PostgreSQL backend (read in /proc,
// one-connection pool), not wall-clock time. Needs PostgreSQL on this machine (DATABASE_URL).
// Run: N=5000 node bin/run-ts.js scripts/mesure-documents.ts

const N = Number(process.env.N ?? 5000);
const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const db = await openPrivateSchema(url, `mesure_documents_${process.pid}`, 1);
const ctx: AppContext = { db: db.db, engine: db.engine, now: () => new Date() };
const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db.db);
const pgPid = rows[0]!.pid;
const pgCpu = () => {
  const f = readFileSync(`/proc/${pgPid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // ms
};
const mesure = async (nom: string, fn: () => Promise<unknown>) => {
  const c0 = process.cpuUsage();
  const p0 = pgCpu();
  await fn();
  const c = process.cpuUsage(c0);
  const node = (c.user + c.system) / 1000;
  const pg = pgCpu() - p0;
  console.log(
    `${nom}: node ${node.toFixed(0)} ms, pg ${pg.toFixed(0)} ms, total ${(node + pg).toFixed(0)} ms`,
  );
};
try {
  await mesure('loadDemo', () => loadDemo(ctx, { formations: N, seed: 42 }));
  const ids = (await db.db.selectFrom('formation').select('id').orderBy('id').execute()).map((r) => r.id);
  for (let k = 0; k < Number(process.env.R ?? 1); k++) {
    await mesure('check, documents present', () => recomputeAll(ctx));
    await sql`delete from formation_document`.execute(db.db);
    await mesure('check, documents absent', () => recomputeAll(ctx));
    await sql`truncate controle_echec, controle_formation`.execute(db.db);
    await mesure('check, cold (no stored failure)', () => recomputeAll(ctx));
    await sql`delete from formation_document`.execute(db.db);
    await mesure('refreshDocuments alone, all ids', async () => {
      for (let i = 0; i < ids.length; i += 2000)
        await db.db.transaction().execute((trx) => refreshDocuments(trx, ids.slice(i, i + 2000)));
    });
    await mesure('refreshDocuments alone, documents present', async () => {
      for (let i = 0; i < ids.length; i += 2000)
        await db.db.transaction().execute((trx) => refreshDocuments(trx, ids.slice(i, i + 2000)));
    });
  }
} finally {
  await db.close();
}
