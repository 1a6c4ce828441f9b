import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { peakRssMb } from './peak-rss.mjs';
import { suites } from './suites/index.ts';
import type { BenchEnv, BenchFigure } from './types.ts';

// `npm run bench`: every suite on PGlite, and on PostgreSQL when reachable, each suite × engine
// in its own child process (so that peak-memory figures belong to that suite alone); writes
// bench/results/report.json and report.md. Env: BENCH_FORMATIONS (default 50000),
// BENCH_ONLY (comma-separated suite names), BENCH_ENGINES (default pglite,postgres), DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).

type Engine = BenchEnv['engine'];
interface SuiteResult {
  suite: string;
  engine: Engine;
  figures: BenchFigure[];
  error?: string;
  seconds: number;
}

const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));

/** Runs one suite on one engine and writes its figures (plus the process's peak RSS) to `out`. */
async function child(name: string, engine: Engine, tmpDir: string, out: string) {
  const suite = suites.find((s) => s.name === name)!;
  // The load generator is one loopback address: API quotas out of the way of the suites (the
  // `quotas` suite measures them with its own configuration).
  for (const v of [
    'OFFRE_QUOTA_LECTURE_IP',
    'OFFRE_QUOTA_ECRITURE_IP',
    'OFFRE_QUOTA_LECTURE_CLE',
    'OFFRE_QUOTA_ECRITURE_CLE',
  ])
    process.env[v] ??= '1000000000';
  // The parent says whether PostgreSQL answered (for the postgres engine and the COPY baselines).
  const env: BenchEnv = {
    engine,
    formations: formations(),
    tmpDir,
    databaseUrl: process.env.BENCH_POSTGRES_URL || undefined,
  };
  const figures = await suite.run(env);
  const maxRssMb = peakRssMb();
  figures.push({
    name: 'pic de mémoire du processus de la suite',
    value: maxRssMb,
    unit: 'MB',
    note: 'pic RSS propre du processus enfant (VmHWM)',
  });
  writeFileSync(out, JSON.stringify(figures));
  process.exit(0);
}

function formations(): number {
  const n = Number(process.env.BENCH_FORMATIONS ?? 50_000);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`BENCH_FORMATIONS invalide : ${process.env.BENCH_FORMATIONS}`);
  return n;
}

function databaseUrl(): string {
  return process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

function runChild(name: string, engine: Engine, postgresUrl: string | undefined): Promise<SuiteResult> {
  const tmpDir = mkdtempSync(join(tmpdir(), `offre-bench-${name}-${engine}-`));
  const out = join(tmpDir, 'figures.json');
  const started = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [RUN_TS, SELF, '--child', name, engine, tmpDir, out], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, BENCH_POSTGRES_URL: postgresUrl ?? '' },
    });
    p.once('exit', (code) => {
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      let result: SuiteResult;
      try {
        result =
          code === 0
            ? { suite: name, engine, figures: JSON.parse(readFileSync(out, 'utf8')), seconds }
            : { suite: name, engine, figures: [], error: `code de sortie ${code}`, seconds };
      } catch (e) {
        result = { suite: name, engine, figures: [], error: String(e), seconds };
      }
      rmSync(tmpDir, { recursive: true, force: true });
      resolve(result);
    });
  });
}

/** Suites whose report adds, when both engines ran, each figure's PGlite / PostgreSQL ratio. */
const COMPARED = new Set(['echelle']);
const RATES = new Set(['rows/s', 'req/s', 'events/s']);

/**
 * The PGlite / PostgreSQL lines of the compared suites: for a rate, PostgreSQL's over PGlite's
 * (how many times slower PGlite is); for a duration, PGlite's over PostgreSQL's. Issue 13: PGlite
 * within 3× of PostgreSQL.
 */
function enginesRatios(results: readonly SuiteResult[]): SuiteResult[] {
  const out: SuiteResult[] = [];
  for (const name of COMPARED) {
    const lite = results.find((r) => r.suite === name && r.engine === 'pglite');
    const pg = results.find((r) => r.suite === name && r.engine === 'postgres');
    if (!lite || !pg) continue;
    const figures: BenchFigure[] = [];
    for (const f of lite.figures) {
      const g = pg.figures.find((x) => x.name === f.name && x.unit === f.unit);
      // A baseline line (« référence : … ») measures the same PostgreSQL server from both children.
      if (!g || f.name.startsWith('référence') || !f.value || !g.value) continue;
      if (!(RATES.has(f.unit) || f.unit === 's' || f.unit === 'ms')) continue;
      const x = RATES.has(f.unit) ? g.value / f.value : f.value / g.value;
      figures.push({
        name: `PGlite / PostgreSQL : ${f.name}`,
        value: Math.round(x * 100) / 100,
        unit: 'ratio',
        target: '≤ 3',
        ok: x <= 3,
        note: 'combien de fois PGlite est plus lent',
      });
    }
    out.push({ suite: name, engine: 'pglite', figures, seconds: 0 });
  }
  return out;
}

const fmt = (v: number) =>
  Number.isInteger(v) ? v.toLocaleString('fr-FR') : v.toLocaleString('fr-FR', { maximumFractionDigits: 3 });

function markdown(results: readonly SuiteResult[], meta: Record<string, unknown>): string {
  const lines = [
    '# Mesures de performance',
    '',
    `Produit par \`npm run bench\` le ${meta.date} — ${meta.formations} formations, Node ${meta.node}, ${meta.cpus} cœurs, moteurs : ${(meta.engines as string[]).join(', ')}.`,
    '',
    '| suite | moteur | mesure | valeur | unité | cible | ok |',
    '|---|---|---|---:|---|---|---|',
  ];
  for (const r of results) {
    if (r.error)
      lines.push(`| ${r.suite} | ${r.engine} | **échec** : ${r.error.replace(/\|/g, '/')} | | | | ✗ |`);
    for (const f of r.figures)
      lines.push(
        `| ${r.suite} | ${r.engine} | ${f.name}${f.note ? ` (${f.note})` : ''} | ${fmt(f.value)} | ${f.unit} | ${f.target ?? ''} | ${f.ok === undefined ? '' : f.ok ? '✓' : '✗'} |`,
      );
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  const only = (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = only.filter((n) => !suites.some((s) => s.name === n));
  if (unknown.length) {
    process.stderr.write(
      `Suite(s) inconnue(s) : ${unknown.join(', ')} (connues : ${suites.map((s) => s.name).join(', ')}).\n`,
    );
    process.exit(1);
  }
  const selected = suites.filter((s) => only.length === 0 || only.includes(s.name));
  const wanted = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',').map((e) => e.trim());
  const engines: Engine[] = wanted.includes('pglite') ? ['pglite'] : [];
  const pgUp = await postgresReachable(databaseUrl());
  if (!pgUp)
    process.stderr.write(`PostgreSQL injoignable (${databaseUrl()}) : mesures sur PGlite seulement.\n`);
  else if (wanted.includes('postgres')) engines.push('postgres');
  const n = formations();
  process.stderr.write(
    `Mesures : ${selected.map((s) => s.name).join(', ')} — ${n} formations — ${engines.join(', ')}.\n`,
  );

  const results: SuiteResult[] = [];
  for (const s of selected)
    for (const engine of engines) {
      process.stderr.write(`\n▶ ${s.name} sur ${engine}…\n`);
      const r = await runChild(s.name, engine, pgUp ? databaseUrl() : undefined);
      process.stderr.write(
        r.error ? `✗ ${s.name} sur ${engine} : ${r.error}\n` : `✓ ${s.name} sur ${engine} (${r.seconds} s)\n`,
      );
      results.push(r);
    }

  results.push(...enginesRatios(results));
  const meta = {
    date: new Date().toISOString(),
    formations: n,
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    engines,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'report.json'), `${JSON.stringify({ ...meta, results }, null, 2)}\n`);
  const md = markdown(results, meta);
  writeFileSync(join(RESULTS, 'report.md'), md);
  process.stdout.write(`\n${md}`);
  process.exitCode = results.some((r) => r.error) ? 1 : 0;
}

// Last: the helpers above must be initialised before the top-level await runs.
if (process.argv[2] === '--child')
  await child(process.argv[3]!, process.argv[4] as Engine, process.argv[5]!, process.argv[6]!);
else await main();
