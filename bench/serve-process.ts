import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBuildCurrent } from '../bin/build-stamp.js';
import type { BenchDatabase } from './measure.ts';

// A real `offre serve --workers N` process tree on a bench database (PostgreSQL), for the charge
// suite's BENCH_CHARGE_WORKERS: its address, the CPU time and RSS of the whole tree (read from
// /proc: Linux only), and its stop (SIGTERM, as an operator would).

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TICKS_PAR_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

export interface ServeProcess {
  readonly base: string;
  /** CPU time (user + system) of the primary and its workers since they started, ms. */
  cpuMs(): number;
  /** Resident memory of the primary and its workers, MB. */
  rssMb(): number;
  stop(): Promise<void>;
}

const enfants = (pid: number): number[] => {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
};
const arbre = (pid: number): number[] => [pid, ...enfants(pid)];
/** utime + stime of a process (fields 14 and 15 of /proc/<pid>/stat), ms; 0 once it has ended. */
const cpuDe = (pid: number): number => {
  try {
    const champs = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(champs[11]) + Number(champs[12])) * 1000) / TICKS_PAR_S;
  } catch {
    return 0;
  }
};
const rssDe = (pid: number): number => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

/** Starts `offre serve --port 0 --workers n` on `database` and waits until its n workers listen. */
export async function startServe(
  database: BenchDatabase,
  n: number,
  env: Record<string, string> = {},
): Promise<ServeProcess> {
  execFileSync(process.execPath, [join(ROOT, 'bin', 'build.js')], { stdio: 'ignore' });
  if (!isBuildCurrent(ROOT)) throw new Error('dist/ pas à jour après bin/build.js : mesure impossible');
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'offre.js'), 'serve', '--port', '0', '--workers', String(n)],
    {
      env: { ...process.env, ...database.cliEnv, OFFRE_FICHIERS_PARTENAIRES: 'non', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let journal = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      journal += d.toString();
      const ports = [...journal.matchAll(/Offre écoute sur http:\/\/localhost:(\d+)/g)];
      if (ports.length >= n) resolve(Number(ports[0]![1]));
    });
    child.once('exit', (code) =>
      reject(new Error(`offre serve arrêté (code ${code}) : ${journal.slice(-2000)}`)),
    );
  });
  const pid = child.pid!;
  return {
    base: `http://127.0.0.1:${port}`,
    cpuMs: () => arbre(pid).reduce((s, p) => s + cpuDe(p), 0),
    rssMb: () => arbre(pid).reduce((s, p) => s + rssDe(p), 0),
    stop: async () => {
      if (child.exitCode !== null) return;
      const fin = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await fin;
    },
  };
}
