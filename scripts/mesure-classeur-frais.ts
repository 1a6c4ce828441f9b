import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { classeurRempli } from '../bench/suites/classeur.bench.ts';
import type { AppContext } from '../src/context.ts';
import { SYSTEME } from '../src/domain/acteur.ts';
import { prechaufferLecteurClasseur } from '../src/formats/classeur/classeur.isolated.ts';
import { importClasseur } from '../src/services/import-classeur.service.ts';
import { openPrivateSchema } from '../test/helpers/private-schema.ts';

// The echelle bench's step 4 (« import du classeur appliqué ») alone, as the bench runs it: a
// fresh PostgreSQL schema, the bench's classeurRempli (N demo formations of one network, seed 7,
// exported and filled), the reader's worker warmed, then the workbook applied once — on tables
// just written, as in the bench (no template copy). RUNS times, each in its own schema. Prints the
// wall time, the CPU of this process (all threads), of its main thread alone, and of its
// PostgreSQL backends (found by application_name), with the time the main thread and the backends
// spent runnable but waiting for a core (/proc/…/schedstat: the machine's load, not the code).
// FILS=1: also the CPU of each thread by name and id (main, the reader worker, V8's helpers), and
// the import's window on the clock of `node --cpu-prof` profiles (µs), to cut them to the import.
// Needs PostgreSQL on this machine (Linux).
// Run: N=3500 RUNS=3 [FILS=1] node bin/run-ts.js scripts/mesure-classeur-frais.ts

const N = Number(process.env.N ?? 3500);
const RUNS = Number(process.env.RUNS ?? 3);
const app = `classeur_frais_${process.pid}`;
const url = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
url.search = '';
url.searchParams.set('application_name', app);

/** Time on a CPU and time runnable but waiting for one (/proc/<path>/schedstat), ms. */
const ordonnance = (path: string): { cpu: number; attente: number } => {
  try {
    const [cpu, attente] = readFileSync(`/proc/${path}/schedstat`, 'utf8').split(' ').map(Number);
    return { cpu: cpu! / 1e6, attente: attente! / 1e6 };
  } catch {
    return { cpu: 0, attente: 0 };
  }
};

/** The same for every thread of this process (main, reader worker, V8 and libuv helpers), by tid. */
const fils = () =>
  new Map(readdirSync('/proc/self/task').map((tid) => [Number(tid), ordonnance(`self/task/${tid}`)]));

/** Each thread's name (/proc/self/task/<tid>/comm), by tid. */
const nomsDesFils = () =>
  new Map(
    readdirSync('/proc/self/task').map((tid) => {
      try {
        return [Number(tid), readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim()];
      } catch {
        return [Number(tid), '?'];
      }
    }),
  );

/** Summed differences of `fin` from `debut`, by id (an id absent at the start counts from zero). */
function ecart(debut: Map<number, { cpu: number; attente: number }>, fin: typeof debut) {
  const t = { cpu: 0, attente: 0 };
  for (const [id, v] of fin) {
    t.cpu += v.cpu - (debut.get(id)?.cpu ?? 0);
    t.attente += v.attente - (debut.get(id)?.attente ?? 0);
  }
  return t;
}

/** CPU and run-queue wait of each PostgreSQL backend of this process, ms by pid. */
async function pgCpu(db: AppContext['db']): Promise<Map<number, { cpu: number; attente: number }>> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where application_name = ${app}`.execute(db);
  return new Map(rows.map(({ pid }) => [pid, ordonnance(String(pid))]));
}

await prechaufferLecteurClasseur();
for (let run = 1; run <= RUNS; run++) {
  const schema = `frais_${process.pid}_${run}`;
  const d = await openPrivateSchema(url.toString(), schema, 10);
  try {
    const ctx: AppContext = { db: d.db, engine: d.engine, now: () => new Date() };
    const { fichier, lignes } = await classeurRempli(ctx, N);
    const p0 = await pgCpu(d.db);
    const m0 = ordonnance(`self/task/${process.pid}`);
    const f0 = fils();
    const noms0 = nomsDesFils();
    const h0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    if (process.env.FILS) console.log(`  début de l’import ${run}`);
    const r = await importClasseur(ctx, SYSTEME('bench'), fichier, { dryRun: false });
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const m1 = ordonnance(`self/task/${process.pid}`);
    const m = { cpu: m1.cpu - m0.cpu, attente: m1.attente - m0.attente };
    const f1 = fils();
    const h1 = process.hrtime.bigint();
    const tous = ecart(f0, f1);
    const pg = ecart(p0, await pgCpu(d.db));
    const ms = (x: number) => x.toFixed(0);
    const charge = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    console.log(
      `run ${run} (${lignes} lignes, charge ${charge}): ${JSON.stringify(r.rapport.totaux)} | wall ${ms(wall)} ms, node ${ms((c.user + c.system) / 1000)} ms (en file ${ms(tous.attente)} ms ; fil principal ${ms(m.cpu)} ms, en file ${ms(m.attente)} ms), pg ${ms(pg.cpu)} ms (en file ${ms(pg.attente)} ms)`,
    );
    if (process.env.FILS) {
      // CPU of each thread by its name (main, the reader worker, V8's and libuv's helpers), and the
      // window of the import on the monotonic clock that `node --cpu-prof` profiles use (µs).
      const parNom = new Map<string, number>();
      const noms = new Map([...noms0, ...nomsDesFils()]);
      for (const [tid, v] of f1) {
        const nom = tid === process.pid ? 'principal' : `${noms.get(tid) ?? '?'}#${tid}`;
        parNom.set(nom, (parNom.get(nom) ?? 0) + v.cpu - (f0.get(tid)?.cpu ?? 0));
      }
      const detail = [...parNom]
        .filter(([, v]) => v >= 5)
        .sort((a, b) => b[1] - a[1])
        .map(([n, v]) => `${n} ${ms(v)}`);
      console.log(`  fils : ${detail.join(', ')} | fenêtre ${h0 / 1000n}-${h1 / 1000n} µs`);
    }
  } finally {
    await d.close();
  }
}
process.exit(0);
