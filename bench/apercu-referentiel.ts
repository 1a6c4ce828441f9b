import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { readConfig } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { ensureCampagneCourante } from '../src/db/campagne.repository.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import type { Acteur } from '../src/domain/acteur.ts';
import { buildApp } from '../src/http/app.ts';
import { loadDemo } from '../src/services/demo.service.ts';
import { uploadReferentiel } from '../src/services/gestion/referentiels.service.ts';
import { ensureCommunesParDefaut } from '../src/services/referentiel.service.ts';

// A reference file's preview while the public search page is asked every 100 ms (issue « the site
// slows down while a référentiel is previewed »). The server of `npm start` (PGlite with the read
// copy, or PostgreSQL with DATABASE_URL) over `BENCH_APERCU_FORMATIONS` demo formations (2 000);
// the preview is `uploadReferentiel` (what POST /gestion/referentiels runs); a worker thread (its
// own event loop) asks `GET /?q=boulanger&ou=Laval` over real HTTP and times each answer; the
// main thread's event-loop delay is sampled meanwhile. BENCH_APERCU_PROFIL=fichier.cpuprofile
// writes a CPU profile of the preview.
//
//   node bin/run-ts.js bench/apercu-referentiel.ts /chemin/N_FORMATION_DIPLOME.csv [bcn]

const [fichier, kind = 'bcn'] = process.argv.slice(2);
if (!fichier) throw new Error('usage : apercu-referentiel.ts <fichier> [type]');
const FORMATIONS = Number(process.env.BENCH_APERCU_FORMATIONS ?? 2000);
const PORT = Number(process.env.BENCH_APERCU_PORT ?? 3341);
const url = process.env.DATABASE_URL;
const MODELE = join(tmpdir(), `offre-apercu-modele-${FORMATIONS}`);

async function prepare(ctx: AppContext) {
  await migrate(ctx.db);
  await ensureCampagneCourante(ctx.db, ctx.now());
  await loadDemo(ctx, { formations: FORMATIONS, seed: 42 });
  await ensureCommunesParDefaut(ctx);
}

let dir: string | undefined;
let database: Awaited<ReturnType<typeof openDatabase>>;
if (url) {
  database = await openDatabase({ url });
  const ctx = { db: database.db, engine: database.engine, now: () => new Date() };
  await migrate(database.db);
  const { countFormations } = await import('../src/db/bulk.repository.ts');
  if ((await countFormations(database.db)) === 0) await prepare(ctx);
} else {
  if (!existsSync(MODELE)) {
    const d = await openDatabase({ dataDir: MODELE });
    await prepare({ db: d.db, engine: d.engine, now: () => new Date() });
    await d.close();
  }
  dir = mkdtempSync(join(tmpdir(), 'offre-apercu-'));
  cpSync(MODELE, dir, { recursive: true });
  database = await openDatabase({ dataDir: dir, snapshotReads: true });
}
const ctx: AppContext = {
  db: database.db,
  engine: database.engine,
  now: () => new Date(),
  config: readConfig({ OFFRE_DATA_DIR: dir ?? tmpdir() }),
  ...(database.lecture ? { lecture: database.lecture } : {}),
};
const app = await buildApp(ctx);
await app.listen({ port: PORT, host: '127.0.0.1' });
const page = `http://127.0.0.1:${PORT}/?q=boulanger&ou=Laval`;

// The probe: its own thread, so that a blocked main thread does not delay its clock.
const sonde = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
   const times = []; let stop = false;
   parentPort.on('message', () => { stop = true; });
   (async () => {
     while (!stop) {
       const t = performance.now();
       const r = await fetch(workerData, { headers: { 'cache-control': 'no-cache' } });
       await r.arrayBuffer();
       times.push([Math.round(t), Math.round(performance.now() - t), r.status]);
       await new Promise((ok) => setTimeout(ok, 100));
     }
     parentPort.postMessage(times);
   })();`,
  { eval: true, workerData: page },
);
const reponses = (): Promise<[number, number, number][]> =>
  new Promise((ok) => {
    sonde.once('message', ok);
    sonde.postMessage('stop');
  });

const ms = (n: number) => Math.round(n / 1e6);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

// Warm-up: a few answers before.
await new Promise((r) => setTimeout(r, 1500));
const h = monitorEventLoopDelay({ resolution: 10 });
h.enable();
const profil = process.env.BENCH_APERCU_PROFIL;
const session = profil ? new Session() : null;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const contenu = readFileSync(fichier);
let last = performance.now();
const T0 = performance.now();
const rel = (t: number) => ((t - T0) / 1000).toFixed(1);
const gaps = setInterval(() => {
  const now = performance.now();
  if (now - last > 300) process.stderr.write(`bloc ${rel(last)}→${rel(now)} ${Math.round(now - last)} ms\n`);
  last = now;
}, 10);
const t0 = performance.now();
const gestionnaire: Acteur = {
  kind: 'utilisateur',
  id: 'u-bench',
  email: 'g@bench.test',
  nom: 'g@bench.test',
  role: 'gestionnaire',
  siren: null,
  regions: ['52'],
  academies: [],
};
const id = await uploadReferentiel(ctx, gestionnaire, { kind, nom: fichier.split('/').pop()!, contenu });
const duree = performance.now() - t0;
clearInterval(gaps);
process.stderr.write(`fin ${rel(performance.now())}\n`);
if (session) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(profil!, JSON.stringify(profile));
}
h.disable();
await new Promise((r) => setTimeout(r, 500));
const toutes = await reponses();
const pendant = toutes.filter(([t, d]) => t + d >= t0 && t <= t0 + duree).map(([, d]) => d);
const avant = toutes.filter(([t, d]) => t + d < t0).map(([, d]) => d);
const erreurs = toutes.filter(([, , s]) => s !== 200).length;
console.log(
  JSON.stringify(
    {
      moteur: database.engine,
      formations: FORMATIONS,
      fichier,
      depot: id,
      apercu_s: Math.round(duree / 100) / 10,
      page_avant_ms: { n: avant.length, p50: quantile(avant, 0.5), max: Math.max(...avant) },
      page_pendant_ms: {
        n: pendant.length,
        p50: quantile(pendant, 0.5),
        p90: quantile(pendant, 0.9),
        max: Math.max(...pendant),
        toutes: pendant,
      },
      erreurs,
      boucle_ms: {
        p50: ms(h.percentile(50)),
        p99: ms(h.percentile(99)),
        max: ms(h.max),
        moyenne: ms(h.mean),
      },
    },
    null,
    1,
  ),
);
await sonde.terminate();
await app.close();
await database.close();
if (dir) rmSync(dir, { recursive: true, force: true });
