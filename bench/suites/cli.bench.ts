import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchDatabase } from '../measure.ts';
import type { BenchEnv, BenchFigure, BenchSuite } from '../types.ts';

// Start-up of the `offre` command as a user types it (node bin/offre.js, the compiled build made by
// npm install): `offre --help` (commander and the command definitions only) and
// `offre referentiel status` on an empty migrated database (opens the engine, checks migrations,
// one query). Median wall time of RUNS runs; CPU time and peak RSS of one (on a shared machine the
// CPU time says what the command costs when the wall time says how busy the machine was).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'offre.js');
const PROBE = join(ROOT, 'bench', 'rss-probe.mjs');
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 7);

function run(args: string[], env: Record<string, string>, probe?: string): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, [...(probe ? ['--import', PROBE] : []), BIN, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env, ...(probe ? { OFFRE_BENCH_RSS_OUT: probe } : {}) },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0
        ? resolve(performance.now() - started)
        : reject(new Error(`offre ${args.join(' ')} : code ${code} ${stderr}`)),
    ),
  );
}

async function measure(args: string[], env: Record<string, string>, tmpDir: string) {
  await run(args, env); // warm the file cache once
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await run(args, env));
  times.sort((a, b) => a - b);
  const rssFile = join(tmpDir, 'rss.txt');
  await run(args, env, rssFile);
  const { rss, cpu } = JSON.parse(readFileSync(rssFile, 'utf8')) as { rss: number; cpu: number };
  rmSync(rssFile, { force: true });
  return { medianS: times[Math.floor(times.length / 2)]! / 1000, minS: times[0]! / 1000, rss, cpu };
}

export const cliSuite: BenchSuite = {
  name: 'cli',
  async run(env: BenchEnv): Promise<BenchFigure[]> {
    // What `npm install` leaves: a build current with the sources (a no-op when it already is).
    execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js')], { stdio: 'ignore' });
    const database = await benchDatabase(env, 'cli');
    // PGlite: let go of the folder (its lock) for the child; PostgreSQL: close drops the schema, at the end.
    if (env.engine === 'pglite') await database.close();
    let help: Awaited<ReturnType<typeof measure>>;
    let status: Awaited<ReturnType<typeof measure>>;
    try {
      help = await measure(['--help'], {}, env.tmpDir);
      status = await measure(['referentiel', 'status'], { ...database.cliEnv }, env.tmpDir);
    } finally {
      await database.close();
    }
    const note = `médiane de ${RUNS}, minimum`;
    return [
      {
        name: 'offre --help',
        value: Math.round(help.medianS * 1000) / 1000,
        unit: 's',
        target: '≤ 0,5 s',
        ok: help.medianS <= 0.5,
        note: `${note} ${help.minS.toFixed(3)} s, CPU ${help.cpu.toFixed(2)} s, pic RSS ${help.rss} Mo`,
      },
      {
        name: 'offre referentiel status (base vide migrée)',
        value: Math.round(status.medianS * 1000) / 1000,
        unit: 's',
        target: '≤ 1,5 s',
        ok: status.medianS <= 1.5,
        note: `${note} ${status.minS.toFixed(3)} s, CPU ${status.cpu.toFixed(2)} s, pic RSS ${status.rss} Mo`,
      },
    ];
  },
};
