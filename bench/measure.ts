import { type ChildProcessByStdio, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { isBuildCurrent } from '../bin/build-stamp.js';
import { type Database, openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { openPrivateSchema } from '../test/helpers/private-schema.ts';
import type { BenchEnv } from './types.ts';

// The bench toolkit every suite shares: timing, peak memory, a fresh database on either engine,
// and an HTTP load test run from a separate process (so the generator does not steal the
// server's event loop).

const MB = 1024 * 1024;

export async function timeIt<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

/**
 * Peak resident memory while `fn` runs, sampled every `everyMs` (the process's maxRSS never goes
 * down, so it cannot tell one step from the previous one). The harness runs each suite in its
 * own process, so a suite's figures are its own.
 */
export async function measurePeakRss<T>(
  fn: () => Promise<T>,
  everyMs = 20,
): Promise<{ result: T; ms: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  const started = performance.now();
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, ms: performance.now() - started, peakMb: Math.round(peak / MB) };
  } finally {
    clearInterval(timer);
  }
}

/** A bench database plus the environment a child `offre` command needs to open the same store. */
export interface BenchDatabase extends Database {
  readonly cliEnv: Readonly<Record<string, string>>;
}

/**
 * A fresh, migrated database: a PGlite folder in the run's scratch dir (kept after close, so a
 * child command can open it once this process has let go of its lock), or a PostgreSQL schema
 * dropped on close.
 */
export async function benchDatabase(
  env: BenchEnv,
  name: string,
  opts: { snapshotReads?: boolean } = {},
): Promise<BenchDatabase> {
  if (env.engine === 'pglite') {
    const dataDir = join(env.tmpDir, `${name}-${randomBytes(3).toString('hex')}`);
    // snapshotReads: as `offre serve` does (the other suites measure the engine alone).
    const database = await openDatabase({ dataDir, snapshotReads: opts.snapshotReads ?? false });
    await migrate(database.db);
    let closed = false;
    return {
      ...database,
      cliEnv: { OFFRE_DATA_DIR: dataDir, DATABASE_URL: '' },
      close: async () => {
        if (closed) return;
        closed = true;
        await database.close();
      },
    };
  }
  if (!env.databaseUrl) throw new Error('moteur postgres sans DATABASE_URL joignable');
  const schema = `bench_${name}_${randomBytes(4).toString('hex')}`;
  const database = await openPrivateSchema(env.databaseUrl, schema);
  // libpq `options` in the URL: the child CLI works in the private schema with no product change.
  const url = new URL(env.databaseUrl!);
  url.searchParams.set('options', `-c search_path=${schema},public`);
  return {
    ...database,
    cliEnv: { DATABASE_URL: url.toString() },
  };
}

export interface CliRun {
  readonly code: number;
  readonly ms: number;
  /** The child command's own CPU time (user + system), ms. */
  readonly cpuMs: number;
  /** The child command's own maxRSS. */
  readonly maxRssMb: number;
  readonly stdout: string;
}

/**
 * Runs `offre <args>` in a child process against `database` (as a user would: bin/offre.js's
 * entry point), returning its exit code, duration, own peak RSS and stdout. On PGlite the caller
 * must have closed `database` first (the folder lock).
 */
export function runCli(database: BenchDatabase, args: readonly string[]): Promise<CliRun> {
  const script = fileURLToPath(new URL('./cli-child.ts', import.meta.url));
  const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const out = join(tmpdir(), `offre-cli-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  const child = spawn(process.execPath, [runTs, script, out, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...database.cliEnv },
  });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        const r = JSON.parse(readFileSync(out, 'utf8')) as Omit<CliRun, 'stdout'>;
        rmSync(out, { force: true });
        resolve({ ...r, stdout });
      } catch {
        reject(new Error(`offre ${args.join(' ')} : code ${code}, pas de mesure`));
      }
    });
  });
}

export interface OffreRun {
  readonly code: number;
  /** Wall time (ms), spawn to exit. */
  readonly ms: number;
  /** The command's own peak RSS (MB) and CPU time (user + system, s), from bench/rss-probe.mjs. */
  readonly maxRssMb: number;
  readonly cpuS: number;
  /** What the command wrote on its standard output (its `--json` report). */
  readonly stdout: string;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs `offre <args>` exactly as a user types it — `node bin/offre.js`, on the compiled build
 * that `npm install` makes (built here first if the sources changed; throws if it is still not
 * current, so a figure never silently measures the tsx fallback) — against `database`, with
 * bench/rss-probe.mjs preloaded: exit code, wall time, and the command process's own peak RSS
 * and CPU time (runCli, by contrast, runs the sources through tsx inside the measured process:
 * its RSS includes the transpiler, ≈ 45-80 MB). On PGlite the caller must have closed `database`.
 */
export function runOffre(
  database: BenchDatabase,
  args: readonly string[],
  opts: { signal?: AbortSignal } = {},
): Promise<OffreRun> {
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js')], { stdio: 'ignore' });
  if (!isBuildCurrent(ROOT)) throw new Error('dist/ pas à jour après bin/build.js : mesure impossible');
  const probe = join(tmpdir(), `offre-rss-${process.pid}-${randomBytes(4).toString('hex')}.json`);
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', join(ROOT, 'bench', 'rss-probe.mjs'), join(ROOT, 'bin', 'offre.js'), ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...database.cliEnv, OFFRE_BENCH_RSS_OUT: probe },
      // Aborted: SIGTERM, the command stops as on Ctrl-C (an import rolls back).
      ...(opts.signal ? { signal: opts.signal } : {}),
    },
  );
  let stdout = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      try {
        const { rss, cpu } = JSON.parse(readFileSync(probe, 'utf8')) as { rss: number; cpu: number };
        rmSync(probe, { force: true });
        resolve({ code: code ?? 1, ms, maxRssMb: rss, cpuS: cpu, stdout });
      } catch {
        reject(new Error(`offre ${args.join(' ')} : code ${code}, pas de mesure`));
      }
    });
  });
}

export interface LoadResult {
  readonly requests: number;
  readonly rps: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Slowest response (ms) and how long the load actually ran (s). */
  readonly max: number;
  readonly seconds: number;
  /** Bytes received per response (headers and body, as sent: compressed when asked). */
  readonly bytesPerRequest: number;
}

/**
 * Runs autocannon against `url` from a child process; latencies in ms, p95 computed from every
 * response. `paths`: each connection cycles through these paths of `url`'s origin. `stop`: a
 * promise that ends the load early when it settles (the load still reports what it measured).
 */
export function loadTest(
  url: string,
  opts: {
    connections?: number;
    seconds?: number;
    paths?: readonly string[];
    stop?: Promise<unknown>;
    /** Draw each request's path by Zipf weight over `paths` (rank = order) instead of cycling. */
    zipf?: { s: number; seed: number };
    /** Headers sent with every request (e.g. `accept-encoding`). */
    headers?: Readonly<Record<string, string>>;
  } = {},
): Promise<LoadResult> {
  const script = fileURLToPath(new URL('./load-generator.ts', import.meta.url));
  const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [runTs, script, url, String(opts.connections ?? 10), String(opts.seconds ?? 10), ...(opts.paths ?? [])],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: {
        ...process.env,
        ...(opts.zipf
          ? { BENCH_LOAD_ZIPF_S: String(opts.zipf.s), BENCH_LOAD_SEED: String(opts.zipf.seed) }
          : {}),
        ...(opts.headers ? { BENCH_LOAD_HEADERS: JSON.stringify(opts.headers) } : {}),
      },
    },
  );
  opts.stop?.finally(() => child.kill('SIGTERM')).catch(() => {});
  return sortieJson<LoadResult>(child, 'générateur de charge');
}

/**
 * The JSON a bench child process (load generator, feed client) writes on its standard output,
 * once it exits with code 0; rejects naming `qui` otherwise.
 */
export function sortieJson<T>(child: ChildProcessByStdio<null, Readable, null>, qui: string): Promise<T> {
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as T) : reject(new Error(`${qui} : code ${code}`)),
    );
  });
}

/** Percentile of a sorted array (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
