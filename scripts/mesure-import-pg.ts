import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

// What the PostgreSQL server spends on an `offre import lheo` (docs/mesures.md, « Import LHEO :
// côté PostgreSQL »): runs the import in a child process into the schema given (already migrated,
// e.g. by `offre referentiel status`), and meanwhile, every 50 ms, reads the import's backend in
// pg_stat_activity (the statement it runs, or idle in transaction: waiting for Node) and its CPU
// time in /proc (same machine only). Prints the wall time, the CPU of Node (bench/rss-probe.mjs,
// with the time its event loop waited idle: mostly for the server) and of the server backend, the statements sampled, and the time of each plpgsql function
// (track_functions, pg_stat_user_functions of the schema, before/after difference).
//   node bin/run-ts.js scripts/mesure-import-pg.ts <schéma> <fichier.xml>
// with DATABASE_URL naming the server and database (no search_path: the schema is added).
// OFFRE_MESURE_NICE=-15 (root only) runs the import and its server backend at that priority, so
// that on a machine shared with other work the wall time is about the one of a quiet machine.

const [schema, fichier] = process.argv.slice(2);
if (!schema || !fichier) throw new Error('usage : mesure-import-pg.ts <schéma> <fichier.xml>');
const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const app = `mesure_${schema}`;
const options = encodeURIComponent(`-c search_path=${schema},public -c track_functions=all`);
const url = `${base}${base.includes('?') ? '&' : '?'}application_name=${app}&options=${options}`;
const sonde = join(tmpdir(), `${app}.json`);

const c = new pg.Client({ connectionString: base });
await c.connect();
type Fn = { funcname: string; calls: number; total_time: number; self_time: number };
const fonctions = async () =>
  new Map(
    (
      await c.query<Fn>(
        'select funcname, calls::int, total_time, self_time from pg_stat_user_functions where schemaname = $1',
        [schema],
      )
    ).rows.map((r) => [r.funcname, r]),
  );
const avant = await fonctions();
const cpu = new Map<number, number>();
const echantillons = new Map<string, number>();
const t0 = Date.now();
const nice = process.env.OFFRE_MESURE_NICE;
const commande = [
  'node',
  '--import',
  './bench/rss-probe.mjs',
  'bin/offre.js',
  'import',
  'lheo',
  fichier,
  '--json',
];
const fils = spawn(nice ? 'nice' : 'node', nice ? ['-n', nice, ...commande] : commande.slice(1), {
  env: { ...process.env, DATABASE_URL: url, OFFRE_BENCH_RSS_OUT: sonde },
  stdio: ['ignore', 'pipe', 'inherit'],
});
let sortie = '';
fils.stdout.on('data', (d) => {
  sortie += d;
});
let fini = false;
const fin = new Promise((resolve) => fils.on('exit', resolve)).then(() => {
  fini = true;
});
while (!fini) {
  const { rows } = await c.query<{ pid: number; state: string; attente: string | null; q: string }>(
    `select pid, state, wait_event_type || ':' || wait_event as attente,
      left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as q
    from pg_stat_activity where application_name = $1`,
    [app],
  );
  for (const r of rows) {
    if (nice && !cpu.has(r.pid)) spawnSync('renice', ['-n', nice, '-p', String(r.pid)]);
    try {
      const f = readFileSync(`/proc/${r.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu.set(r.pid, (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // the backend has exited
    }
    const k = r.state === 'active' ? `${r.attente ?? 'CPU'} | ${r.q}` : `(${r.state})`;
    echantillons.set(k, (echantillons.get(k) ?? 0) + 1);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await fin;
const mur = (Date.now() - t0) / 1000;
const node = JSON.parse(readFileSync(sonde, 'utf8')) as { rss: number; cpu: number; attente: number };
const serveur = [...cpu.values()].reduce((a, b) => a + b, 0);
console.log(
  `${schema} ${fichier} : ${mur.toFixed(1)} s murales, CPU Node ${node.cpu.toFixed(1)} s (pic ${node.rss} Mo, attente ${node.attente.toFixed(1)} s), CPU du serveur ${serveur.toFixed(1)} s`,
);
console.log(sortie.slice(0, 300));
console.log('-- échantillons (× 50 ms)');
for (const [k, n] of [...echantillons].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(String(n).padStart(6), k);
console.log('-- fonctions plpgsql (ms au total, ms propres, appels)');
const apres = await fonctions();
const ecarts = [...apres.values()]
  .map((r) => {
    const o = avant.get(r.funcname);
    return {
      nom: r.funcname,
      appels: r.calls - (o?.calls ?? 0),
      total: r.total_time - (o?.total_time ?? 0),
      propre: r.self_time - (o?.self_time ?? 0),
    };
  })
  .filter((r) => r.appels > 0)
  .sort((a, b) => b.total - a.total);
for (const r of ecarts)
  console.log(
    String(Math.round(r.total)).padStart(8),
    String(Math.round(r.propre)).padStart(8),
    String(r.appels).padStart(7),
    r.nom,
  );
await c.end();
