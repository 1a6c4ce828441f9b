import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { sql } from 'kysely';
import { loadTest } from '../bench/measure.ts';
import { pageFeedCpu } from '../bench/suites/store.bench.ts';
import { type AppContext, lectureDe } from '../src/context.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { buildApp } from '../src/http/app.ts';
import { loadDemo } from '../src/services/demo.service.ts';
import { readFeedJson } from '../src/services/feed.service.ts';
import { listFormationsJson } from '../src/services/formation.service.ts';

// The read lines of issue 13 (list by cursor without cache, the same page cached, the change feed)
// as CPU per request / per event: this process (the server; the load generator is another process)
// and the PostgreSQL backends of its pool (found by their client ports with `ss`, read in /proc).
// The schema is kept between runs, so that two versions of the code are measured on the same data:
//   node bin/run-ts.js scripts/mesure-lectures.ts amorcer <schéma> 10000
//   node bin/run-ts.js scripts/mesure-lectures.ts mesurer <schéma>     (S=10: seconds of load)
// SEULEMENT=pages,flux,cache measures only those lines; GZIP=1 sends Accept-Encoding: gzip. A
// profile of the server under load: `node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.js …`.
//   node bin/run-ts.js scripts/mesure-lectures.ts serie <schéma>       (N=3 passes)
// POOL=principal reads on the main pool (custom plans, as before the read pool of database.ts).
// `serie`: the list pages (whole catalogue, 100 a page) then the feed (1,000 events a page) read
// one after the other through the services, no HTTP, on one connection: the CPU of this process and
// of its one PostgreSQL backend per page, which a shared machine's load distorts far less than rates.
//   node bin/run-ts.js scripts/mesure-lectures.ts flux <schéma>        (N=3 walks)
// `flux`: the feed walked from 0 to the end by the bench's client in another process (the suite
// echelle's line, bench/feed-client.ts), after one walk to warm up: CPU of this process (the
// server), of its PostgreSQL backends and of the client per event; PORT=<n>: the server's port (0: any).
// Drop the schema by hand afterwards (`drop schema <schéma> cascade`).

const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const [mode, schema, n] = process.argv.slice(2);
if (!schema || !['amorcer', 'mesurer', 'serie', 'flux'].includes(mode ?? '')) {
  process.stderr.write('usage : mesure-lectures.ts amorcer|mesurer|serie|flux <schéma> [formations]\n');
  process.exit(2);
}
for (const v of [
  'OFFRE_QUOTA_LECTURE_IP',
  'OFFRE_QUOTA_ECRITURE_IP',
  'OFFRE_QUOTA_LECTURE_CLE',
  'OFFRE_QUOTA_ECRITURE_CLE',
])
  process.env[v] ??= '1000000000';
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

if (mode === 'amorcer') {
  const admin = await openDatabase({ url, poolSize: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const d = await openDatabase({ url, schema, poolSize: 10 });
  await migrate(d.db);
  const ctx: AppContext = { db: d.db, engine: d.engine, now: () => new Date() };
  const r = await loadDemo(ctx, { formations: Number(n ?? 10_000), seed: 42 });
  console.log(JSON.stringify(r));
  await d.close();
  process.exit(0);
}

const d = await openDatabase({ url, schema, poolSize: mode === 'serie' ? 1 : 10 });
// POOL=principal: the public reads on the main pool (plan_cache_mode = auto), as before the read pool.
const principal = process.env.POOL === 'principal';
const ctx: AppContext = {
  db: d.db,
  engine: d.engine,
  now: () => new Date(),
  ...(d.lecture && !principal ? { lecture: d.lecture } : {}),
};

if (mode === 'serie') {
  const lecteur = lectureDe(ctx);
  const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(lecteur);
  const pid = rows[0]!.pid;
  const ticks = () => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  };
  const anonyme = { kind: 'anonyme' } as const;
  for (let passe = 0; passe < Number(process.env.N ?? 3); passe++) {
    let [c0, g0, pages] = [cpuMs(), ticks(), 0];
    let cursor: string | undefined;
    do {
      const page = await listFormationsJson(lecteur, anonyme, {}, { limit: 100, cursor });
      // The cursor, from the page's last bytes (decoding 300 KB would be the client's work).
      const fin = page.subarray(-200).toString();
      cursor = /"next_cursor":"([^"]*)"\}$/.exec(fin)?.[1];
      pages++;
    } while (cursor && pages < 200);
    const liste = {
      pages,
      node_ms_par_page: (cpuMs() - c0) / pages,
      postgres_ms_par_page: (ticks() - g0) / pages,
    };
    [c0, g0] = [cpuMs(), ticks()];
    let [since, events, client] = ['0', 0, 0];
    for (;;) {
      const octets = await readFeedJson(lecteur, anonyme, since, 1000);
      // Reading the page (the client's work) is not the server's: timed apart and taken out.
      const c1 = cpuMs();
      const body = JSON.parse(octets.toString()) as { data: unknown[]; next_cursor: string };
      client += cpuMs() - c1;
      if (body.data.length === 0) break;
      events += body.data.length;
      since = body.next_cursor;
    }
    const flux = {
      events,
      node_us_par_evenement: ((cpuMs() - c0 - client) * 1000) / events,
      postgres_us_par_evenement: ((ticks() - g0) * 1000) / events,
    };
    console.log(JSON.stringify({ passe, charge: os.loadavg()[0], liste, flux }));
  }
  await d.close();
  process.exit(0);
}

if (mode === 'flux') {
  const app = await buildApp(ctx, { apiCache: false });
  await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await pageFeedCpu(base);
  for (let passe = 0; passe < Number(process.env.N ?? 3); passe++) {
    const c0 = cpuMs();
    const u0 = process.cpuUsage();
    const p0 = await pgTicks();
    const { events, ms, clientS } = await pageFeedCpu(base);
    const u = process.cpuUsage(u0);
    const p1 = await pgTicks();
    const pg = [...p1].reduce((t, [pid, v]) => t + (v - (p0.get(pid) ?? 0)) * 10, 0);
    console.log(
      JSON.stringify({
        passe,
        charge: os.loadavg()[0],
        evenements: events,
        evenements_s: Math.round(events / (ms / 1000)),
        serveur_us_par_evenement: ((cpuMs() - c0) * 1000) / events,
        // user (Node's threads) and system (the kernel: socket reads and writes) parts of it
        serveur_user_us: u.user / events,
        serveur_systeme_us: u.system / events,
        client_us_par_evenement: (clientS * 1e6) / events,
        // the PostgreSQL backends of the server's pools (ticks of 10 ms: ± 10 ms per backend)
        postgres_us_par_evenement: (pg * 1000) / events,
      }),
    );
  }
  await app.close();
  await d.close();
  process.exit(0);
}

/** CPU ticks (1/100 s) of the PostgreSQL backends serving this process's connections. */
async function pgTicks(): Promise<Map<number, number>> {
  const ss = execFileSync('ss', ['-tnp', 'dport = :5432']).toString();
  const ports = ss
    .split('\n')
    .filter((l) => l.includes(`pid=${process.pid},`))
    .map((l) => Number(/:(\d+)\s+\S+:5432/.exec(l)?.[1]))
    .filter(Boolean);
  const { rows } = await sql<{
    pid: number;
  }>`select pid from pg_stat_activity where client_port = any(${ports}::int[])`.execute(d.db);
  const m = new Map<number, number>();
  for (const { pid } of rows) {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    m.set(pid, Number(f[11]) + Number(f[12]));
  }
  return m;
}
const pgMs = (a: Map<number, number>, b: Map<number, number>) =>
  [...b].reduce((t, [pid, v]) => t + (v - (a.get(pid) ?? 0)) * 10, 0);

const S = Number(process.env.S ?? 10);
const seulement = new Set((process.env.SEULEMENT ?? 'pages,flux,cache').split(','));
const headers = process.env.GZIP ? { 'accept-encoding': 'gzip' } : undefined;
const out: Record<string, unknown> = { charge_avant: os.loadavg()[0] };
const premiere = '/api/v1/formations?limit=100';
for (const apiCache of [false, true]) {
  if (apiCache ? !seulement.has('cache') : !seulement.has('pages') && !seulement.has('flux')) continue;
  const app = await buildApp(ctx, { apiCache });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    if (!apiCache) {
      const paths: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = cursor ? `${premiere}&cursor=${encodeURIComponent(cursor)}` : premiere;
        paths.push(path);
        cursor = ((await (await fetch(base + path)).json()) as { next_cursor: string | null }).next_cursor;
      } while (cursor && paths.length < 200);
      let g0 = await pgTicks();
      let c0 = cpuMs();
      if (seulement.has('pages')) {
        const l = await loadTest(base + premiere, { connections: 10, seconds: S, paths, headers });
        out.pages_distinctes = {
          req_s: Math.round(l.rps),
          p95_ms: l.p95,
          node_ms_par_requete: (cpuMs() - c0) / l.requests,
          postgres_ms_par_requete: pgMs(g0, await pgTicks()) / l.requests,
          requetes: l.requests,
        };
      }
      if (!seulement.has('flux')) continue;
      // The feed through inject: the client's HTTP and JSON work stays out of the figure.
      let events = 0;
      let since = '0';
      let node = 0;
      g0 = await pgTicks();
      const t0 = performance.now();
      for (;;) {
        c0 = cpuMs();
        const r = await app.inject({ method: 'GET', url: `/api/v1/changes?since=${since}&limit=1000` });
        node += cpuMs() - c0;
        const body = JSON.parse(r.body) as { data: unknown[]; next_cursor: string };
        if (body.data.length === 0) break;
        events += body.data.length;
        since = body.next_cursor;
      }
      out.flux = {
        evenements_s: Math.round(events / ((performance.now() - t0) / 1000)),
        node_us_par_evenement: (node * 1000) / events,
        postgres_us_par_evenement: (pgMs(g0, await pgTicks()) * 1000) / events,
        evenements: events,
      };
    } else {
      await fetch(base + premiere);
      const g0 = await pgTicks();
      const c0 = cpuMs(); // after pgTicks: its `ss` child is not the server's work
      const l = await loadTest(base + premiere, { connections: 10, seconds: S, headers });
      out.meme_page_cache = {
        req_s: Math.round(l.rps),
        p95_ms: l.p95,
        node_ms_par_requete: (cpuMs() - c0) / l.requests,
        postgres_ms_par_requete: pgMs(g0, await pgTicks()) / l.requests,
        requetes: l.requests,
      };
    }
  } finally {
    await app.close();
  }
}
out.charge_apres = os.loadavg()[0];
console.log(JSON.stringify(out, null, 1));
await d.close();
process.exit(0);
