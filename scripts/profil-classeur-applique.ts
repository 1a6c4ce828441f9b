import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { classeurRempli } from '../bench/suites/classeur.bench.ts';
import type { AppContext } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { SYSTEME } from '../src/domain/acteur.ts';
import { importClasseur } from '../src/services/import-classeur.service.ts';

// The campaign workbook of one large organisme applied (issue 13, echelle bench step 4), measured
// alone and repeatably on PostgreSQL: `prepare` seeds a database once (the bench's classeurRempli,
// N demo formations of one network) and writes the returned workbook to FICHIER; each run then
// applies it to a fresh copy of that database (CREATE DATABASE … TEMPLATE), and prints the wall
// time, the CPU time of this process (worker threads included) and of its PostgreSQL backends
// (found by application_name, read in /proc). Needs PostgreSQL on this machine.
// Run: node bin/run-ts.js scripts/profil-classeur-applique.ts prepare
//      RUNS=3 node [--cpu-prof] bin/run-ts.js scripts/profil-classeur-applique.ts
// PRECHAUFFER=1: the reader's worker started and warmed first, as `offre serve` does once
// listening (its CPU printed apart, not counted in run 1). Each run also prints its window on the
// clock of `node --cpu-prof` profiles (µs), to cut them to the import; TAS=prefix writes the main
// thread's sampled allocations during each import (.heapprofile); RAPPORT=prefix, each report.

const N = Number(process.env.N ?? 3500);
const RUNS = Number(process.env.RUNS ?? 3);
const base = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const prefixe = process.env.PREFIXE ?? 'hcv';
const seed = `${prefixe}_seed_${N}`;
const copie = `${prefixe}_run`;
const FICHIER = process.env.FICHIER ?? `/tmp/${prefixe}-classeur-${N}.xlsx`;
const app = `profil_classeur_${process.pid}`;

// SQL=1: every statement the pool sends, counted and timed by its first words (client side).
const requetes = new Map<string, { n: number; ms: number }>();
if (process.env.SQL) {
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
    const cfg = a[0] as string | { text?: string };
    const texte = (typeof cfg === 'string' ? cfg : (cfg?.text ?? '')).replace(/\s+/g, ' ').slice(0, 90);
    const t0 = performance.now();
    const r = query.apply(this, a) as Promise<unknown>;
    if (r && typeof r.then === 'function')
      void r.then(
        () => {
          const e = requetes.get(texte) ?? { n: 0, ms: 0 };
          e.n++;
          e.ms += performance.now() - t0;
          requetes.set(texte, e);
        },
        () => {},
      );
    return r;
  } as typeof pg.Client.prototype.query;
}

const admin = await openDatabase({ url: `${base}/postgres`, poolSize: 1 });
const exists = async (name: string) =>
  (await sql`select 1 from pg_database where datname = ${name}`.execute(admin.db)).rows.length > 0;

async function pgCpu(db: AppContext['db']): Promise<Map<number, number>> {
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
}

try {
  if (process.argv[2] === 'prepare' || !(await exists(seed))) {
    if (await exists(seed)) await sql`drop database ${sql.id(seed)}`.execute(admin.db);
    await sql`create database ${sql.id(seed)}`.execute(admin.db);
    const d = await openDatabase({ url: `${base}/${seed}`, poolSize: 4 });
    try {
      await migrate(d.db);
      const ctx: AppContext = { db: d.db, engine: d.engine, now: () => new Date() };
      const { fichier, lignes } = await classeurRempli(ctx, N);
      writeFileSync(FICHIER, fichier);
      console.log(`${seed} prêt, ${lignes} lignes → ${FICHIER}`);
    } finally {
      await d.close();
    }
  }
  if (process.argv[2] !== 'prepare') {
    const fichier = readFileSync(FICHIER);
    if (process.env.PRECHAUFFER) {
      const { prechaufferLecteurClasseur } = await import('../src/formats/classeur/classeur.isolated.ts');
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await prechaufferLecteurClasseur();
      const c = process.cpuUsage(c0);
      console.log(
        `préchauffage : wall ${(performance.now() - t0).toFixed(0)} ms, node ${((c.user + c.system) / 1000).toFixed(0)} ms`,
      );
    }
    for (let run = 1; run <= RUNS; run++) {
      if (await exists(copie)) await sql`drop database ${sql.id(copie)}`.execute(admin.db);
      await sql`create database ${sql.id(copie)} template ${sql.id(seed)}`.execute(admin.db);
      const d = await openDatabase({ url: `${base}/${copie}?application_name=${app}`, poolSize: 4 });
      try {
        const ctx: AppContext = { db: d.db, engine: d.engine, now: () => new Date() };
        await sql`select 1`.execute(d.db);
        const p0 = await pgCpu(d.db);
        requetes.clear();
        // TAS=fichier: the main thread's allocations during the import, sampled (every object, those
        // collected since included: what feeds the garbage collector), as a .heapprofile by run.
        const tas = process.env.TAS ? new Session() : null;
        if (tas) {
          tas.connect();
          await tas.post('HeapProfiler.startSampling', {
            samplingInterval: 16384,
            includeObjectsCollectedByMajorGC: true,
            includeObjectsCollectedByMinorGC: true,
          });
        }
        const h0 = process.hrtime.bigint();
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        const r = await importClasseur(ctx, SYSTEME('bench'), fichier, { dryRun: false });
        const wall = performance.now() - t0;
        const c = process.cpuUsage(c0);
        const h1 = process.hrtime.bigint();
        if (tas) {
          const { profile } = await tas.post('HeapProfiler.stopSampling');
          writeFileSync(`${process.env.TAS}.${run}.heapprofile`, JSON.stringify(profile));
          tas.disconnect();
        }
        const p1 = await pgCpu(d.db);
        let pg = 0;
        for (const [pid, v] of p1) pg += v - (p0.get(pid) ?? 0);
        // RAPPORT=fichier: the whole report of each run, to compare two trees' outcomes (cmp).
        if (process.env.RAPPORT)
          writeFileSync(`${process.env.RAPPORT}.${run}.json`, JSON.stringify(r.rapport));
        const t = r.rapport.totaux;
        console.log(
          `run ${run}: ${JSON.stringify(t)} | wall ${wall.toFixed(0)} ms, node ${((c.user + c.system) / 1000).toFixed(0)} ms, pg ${pg.toFixed(0)} ms | fenêtre ${h0 / 1000n}-${h1 / 1000n} µs`,
        );
        if (process.env.SQL) {
          const tri = [...requetes].sort((a, b) => b[1].ms - a[1].ms);
          let n = 0;
          let ms = 0;
          for (const [, e] of tri) {
            n += e.n;
            ms += e.ms;
          }
          console.log(`  ${n} requêtes, ${ms.toFixed(0)} ms côté client`);
          for (const [q, e] of tri.slice(0, 40))
            console.log(`  ${String(e.n).padStart(6)} ${e.ms.toFixed(0).padStart(6)} ms  ${q}`);
        }
      } finally {
        await d.close();
      }
    }
    await sql`drop database if exists ${sql.id(copie)}`.execute(admin.db);
  }
} finally {
  await admin.close();
}
