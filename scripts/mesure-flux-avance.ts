// Side-by-side feed measurement (issue 13, read-ahead; docs/mesures.md « Lecture anticipée du
// flux »): one tree's buildApp (cache off) on a PostgreSQL copy of a bench base, this tree's bench
// feed client (another process), then the bare node:http ceiling (bench/plafond.ts) on the same
// pages, in the same run. Prints one JSON line per run: events/s, server (Node) and PostgreSQL CPU
// per event (µs; PostgreSQL from /proc/<pid>/stat of the base's connections), client CPU per
// event, the ceiling, the ratio, the load.
// Usage: node bin/run-ts.js scripts/mesure-flux-avance.ts <tree root> <port> <label> <runs>
// (DATABASE_URL: the copied base; default postgres://postgres@127.0.0.1:5432/h_avance_50k)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [root, port, label, runs = '1'] = process.argv.slice(2) as [string, string, string, string];
const WT = fileURLToPath(new URL('..', import.meta.url));
const imp = (p: string) => import(pathToFileURL(join(root, p)).href);
const { openDatabase } = await imp('src/db/database.ts');
const { buildApp } = await imp('src/http/app.ts');
const { capturer, Enregistrement, serveurNu } = await import(
  pathToFileURL(join(WT, 'bench/plafond.ts')).href
);
const { sql } = await import('kysely');

const URL_DB = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/h_avance_50k';
const database = await openDatabase({ url: URL_DB });
const ctx = { db: database.db, engine: database.engine, now: () => new Date() };
const app = await buildApp(ctx, { apiCache: false });
await app.listen({ port: Number(port), host: '127.0.0.1' });
const base = `http://127.0.0.1:${port}`;

const cpuS = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};
const TICKS = 100;
async function pgCpuS(): Promise<number> {
  const { rows } = await sql<{
    pid: number;
  }>`select pid from pg_stat_activity where datname = current_database()`.execute(database.db);
  let s = 0;
  for (const { pid } of rows) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      s += (Number(f[11]) + Number(f[12])) / TICKS;
    } catch {}
  }
  return s;
}
function client(b: string): Promise<{ events: number; ms: number; clientS: number }> {
  const child = spawn(
    process.execPath,
    [join(WT, 'bin/run-ts.js'), join(WT, 'bench/feed-client.ts'), b, 'identity'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((ok, ko) =>
    child.on('exit', (c) => (c === 0 ? ok(JSON.parse(out)) : ko(new Error(`client ${c}`)))),
  );
}
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

for (let i = 0; i < Number(runs); i++) {
  // warm: connections open, plans prepared
  await fetch(`${base}/api/v1/changes?since=0&limit=999`).then((r) => r.arrayBuffer());
  await new Promise((ok) => setTimeout(ok, 1500));
  const l0 = load();
  const c0 = cpuS();
  const p0 = await pgCpuS();
  const r = await client(base);
  const serveurUs = ((cpuS() - c0) * 1e6) / r.events;
  const pgUs = (((await pgCpuS()) - p0) * 1e6) / r.events;
  const rate = r.events / (r.ms / 1000);
  // the ceiling: the same pages, recorded, replayed by a bare node:http server to the same client
  const enr = new Enregistrement();
  let since = '0';
  for (;;) {
    const path = `/api/v1/changes?since=${since}&limit=1000`;
    const rep = await capturer(base, path, 'identity');
    enr.ajouter(path, 'identity', rep);
    const body = JSON.parse(rep.body.toString('utf8')) as { data: unknown[]; next_cursor: string };
    if (body.data.length === 0) break;
    since = body.next_cursor;
  }
  const nu = await serveurNu(enr);
  const n0 = cpuS();
  const rn = await client(nu.base);
  const nuServeurUs = ((cpuS() - n0) * 1e6) / rn.events;
  await nu.fermer();
  const nuRate = rn.events / (rn.ms / 1000);
  process.stdout.write(
    `${JSON.stringify({
      label,
      events: r.events,
      evs: Math.round(rate),
      serveurUs: +serveurUs.toFixed(1),
      pgUs: +pgUs.toFixed(1),
      clientUs: +((r.clientS * 1e6) / r.events).toFixed(1),
      plafond: Math.round(nuRate),
      plafondServeurUs: +nuServeurUs.toFixed(1),
      plafondClientUs: +((rn.clientS * 1e6) / rn.events).toFixed(1),
      ratio: +(rate / nuRate).toFixed(3),
      load: l0,
    })}\n`,
  );
}
await app.close();
await database.close();
