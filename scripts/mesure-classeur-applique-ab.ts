import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';

// The campaign workbook applied on PostgreSQL by the source tree RACINE, so that two trees (main,
// a branch) run one after the other on the same file and the same seed (issue 13, h-classeur11).
// The seed and the file are those of scripts/profil-classeur-applique.ts `prepare` (the bench's
// classeurRempli). Each run: a fresh copy of the seed (CREATE DATABASE … TEMPLATE), the reader's
// worker warmed first (as `offre serve` does), one import, then one line: wall time; CPU of this
// process (every thread) and of its PostgreSQL backend (/proc, by application_name); the main
// thread's busy time (event loop utilisation) and garbage collection (PerformanceObserver 'gc',
// main thread only: the pauses, not the helper threads' work); the heap used after the import; and
// digests of the outcome — the whole report, the history, the feed, the formations and sessions
// (timestamps left out) — which must be the same for both trees.
// Run: RACINE=/tmp/hc11/main SEED=h_h_classeur11_seed_3500 FICHIER=/tmp/hc11/classeur.xlsx \
//        node bin/run-ts.js scripts/mesure-classeur-applique-ab.ts

const racine = resolve(process.env.RACINE ?? '.');
const base = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
const seed = process.env.SEED ?? 'h_h_classeur11_seed_3500';
const fichier = readFileSync(process.env.FICHIER ?? '/tmp/hc11/classeur.xlsx');
const copie = `${seed}_ab_${process.pid}`;
const app = `ab_classeur_${process.pid}`;
const src = (p: string) => import(pathToFileURL(`${racine}/src/${p}`).href);

const { openDatabase } = await src('db/database.ts');
const { SYSTEME } = await src('domain/acteur.ts');
const { importClasseur } = await src('services/import-classeur.service.ts');
const { prechaufferLecteurClasseur } = await src('formats/classeur/classeur.isolated.ts');

let gcMs = 0;
let gcN = 0;
let compter = false;
new PerformanceObserver((l) => {
  if (!compter) return;
  for (const e of l.getEntries()) {
    gcMs += e.duration;
    gcN++;
  }
}).observe({ entryTypes: ['gc'] });

const admin = await openDatabase({ url: `${base}/postgres`, poolSize: 1 });
const pgCpu = async (db: unknown): Promise<number> => {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where application_name = ${app}`.execute(db as never);
  let ms = 0;
  for (const { pid } of rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ms += ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {}
  }
  return ms;
};
const md5 = (x: string) => createHash('md5').update(x).digest('hex').slice(0, 10);

try {
  await sql`drop database if exists ${sql.id(copie)}`.execute(admin.db);
  await sql`create database ${sql.id(copie)} template ${sql.id(seed)}`.execute(admin.db);
  await prechaufferLecteurClasseur();
  const d = await openDatabase({ url: `${base}/${copie}?application_name=${app}`, poolSize: 4 });
  try {
    const ctx = { db: d.db, engine: d.engine, now: () => new Date() };
    await sql`select 1`.execute(d.db);
    const p0 = await pgCpu(d.db);
    (globalThis as { gc?: () => void }).gc?.();
    compter = true;
    const u0 = performance.eventLoopUtilization();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await importClasseur(ctx, SYSTEME('bench'), fichier, { dryRun: false });
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const u = performance.eventLoopUtilization(u0);
    compter = false;
    const tas = process.memoryUsage().heapUsed / 1e6;
    const pg = (await pgCpu(d.db)) - p0;
    // The outcome, timestamps left out; the ids (time-based, new sessions' differ from run to run)
    // replaced by their rank of first appearance, in the history's order then the tables'.
    const rangs = new Map<string, number>();
    const canon = (x: string) =>
      x.replace(/\b[a-z]{2}_[0-9a-z]{20,}\b/g, (id) => {
        if (!rangs.has(id)) rangs.set(id, rangs.size);
        return `#${rangs.get(id)}`;
      });
    const lignes = async (q: ReturnType<typeof sql>) =>
      ((await q.execute(d.db)).rows as unknown[]).map((x) => canon(JSON.stringify(x)));
    const historique = md5(
      (
        await lignes(sql`
      select formation_id, entite, entite_id, action, acteur, diff, origine from historique order by id`)
      ).join('\n'),
    );
    const flux = md5(
      (
        await lignes(sql`
      select seq, type, entite_id, action, diffusee, publique from change_event order by seq`)
      ).join('\n'),
    );
    const formations = md5(
      (
        await lignes(sql`
      select to_jsonb(f) - 'created_at' - 'updated_at' - 'validee_at' as f from formation f order by id`)
      ).join('\n'),
    );
    const sessions = md5(
      (
        await lignes(sql`
      select to_jsonb(s) - 'id' - 'created_at' - 'updated_at' - 'diffusee_at' as s from session s`)
      )
        .sort()
        .join('\n'),
    );
    console.log(
      JSON.stringify({
        racine,
        totaux: r.rapport.totaux,
        wall: Math.round(wall),
        node: Math.round((c.user + c.system) / 1000),
        pg: Math.round(pg),
        actif: Math.round(u.active),
        gc: Math.round(gcMs),
        gcN,
        tasMo: Math.round(tas),
        rapport: md5(JSON.stringify({ ...r.rapport, fichier: null })),
        historique,
        flux,
        formations,
        sessions,
      }),
    );
  } finally {
    await d.close();
  }
  await sql`drop database if exists ${sql.id(copie)}`.execute(admin.db);
} finally {
  await admin.close();
}
const { fermerIsoles } = await src('formats/isolation.ts');
await fermerIsoles();
