import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// A real `offre serve` on an embedded folder and real CLI processes talking to it through its
// socket (src/cli/hote.ts): what the tests of the hosted commands share.

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/offre.js');

/** What a hung server never does in time: seconds far above a CLI's start on a loaded machine. */
export const DELAI_MS = 30_000;

/** `p`, or a failure naming `quoi` if it has not settled within DELAI_MS (a hang, not a slowness). */
export async function avant<T>(p: Promise<T>, quoi: string, ms = DELAI_MS): Promise<T> {
  let minuterie: NodeJS.Timeout | undefined;
  const delai = new Promise<never>((_, ko) => {
    minuterie = setTimeout(() => ko(new Error(`${quoi} : rien après ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([p, delai]);
  } finally {
    clearTimeout(minuterie);
  }
}

export interface Serveur {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port> */
  readonly base: string;
  /** Its log so far (its stdout: one JSON line per entry). */
  journal(): string;
  /** Its stderr so far (what it says of the commands it runs, among others). */
  erreurs(): string;
  /** Stops it (SIGKILL if still running) once the file is done. */
  tuer(): Promise<void>;
}

/**
 * `offre serve --port 0` on the embedded folder `dir`, once it listens. `options.args`: more
 * options of `serve` (`--demo-if-empty`); `options.env` overrides its environment (a
 * `DATABASE_URL` of its own runs it on PostgreSQL instead of `dir`).
 */
export async function demarrerServe(
  dir: string,
  options: { args?: readonly string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<Serveur> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', OFFRE_DATA_DIR: dir, OFFRE_DUMP_EVERY: '0', ...options.env },
    // Its stdout a pipe, as under `npm start` in a terminal or a service manager.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let sortie = '';
  let erreurs = '';
  child.stdout!.on('data', (d: Buffer) => {
    sortie += d.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      erreurs += d.toString();
      const m = /Offre écoute sur http:\/\/localhost:(\d+)/.exec(erreurs);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`serveur arrêté (code ${code}) : ${erreurs}`)));
  });
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    journal: () => sortie,
    erreurs: () => erreurs,
    tuer: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const fin = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await fin;
    },
  };
}

/**
 * `offre <args>` as a separate process on the embedded folder `dir` (or on what `env` names:
 * DATABASE_URL), left running: its end, and a wait for a text on its stderr.
 */
export function lancer(dir: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', OFFRE_DATA_DIR: dir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout!.resume();
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const fin = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  /** True once `texte` is on its stderr, false if it ends without. */
  const dit = (texte: string) =>
    new Promise<boolean>((resolve) => {
      const voir = () => {
        if (!stderr.includes(texte)) return;
        child.stderr!.off('data', voir);
        resolve(true);
      };
      child.stderr!.on('data', voir);
      voir();
      void fin.then(() => resolve(stderr.includes(texte)));
    });
  return { child, fin, dit };
}

/** A named pipe in a folder of its own (remove the folder: `join(fifo, '..')`). */
export function tubeNomme(nom = 'tube'): string {
  const chemin = join(mkdtempSync(join(tmpdir(), 'offre-fifo-')), nom);
  execFileSync('mkfifo', [chemin]);
  return chemin;
}

/** Opens `fifo` for reading and closes it: a writer still waiting at its opening goes on. */
export function liberer(fifo: string): void {
  closeSync(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));
}

/**
 * Resolves once a process has `fifo` open for reading (or waits at its opening), with a writer's
 * descriptor that keeps it waiting for data: opening a pipe for writing without blocking fails
 * (ENXIO) as long as nobody reads it. Checked again at short intervals (waiting on a state), for
 * `ms` at most.
 */
export async function lecteurEnAttente(fifo: string, ms = DELAI_MS): Promise<number> {
  const limite = Date.now() + ms;
  for (;;) {
    try {
      return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENXIO') throw e;
    }
    if (Date.now() > limite) throw new Error(`personne ne lit ${fifo} après ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
