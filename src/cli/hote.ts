import { existsSync, statSync } from 'node:fs';
import { chmod, rm } from 'node:fs/promises';
import { createConnection, createServer, type Socket } from 'node:net';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { type CommandeHebergee, hebergement } from './hote.context.ts';
import { buildProgram } from './main.ts';

// The embedded database (PGlite) is for one process: while `offre serve` holds its folder, a CLI
// command on the same folder is run by the server itself. The server listens on a Unix socket in
// the data folder, readable and writable by its owner only (0600, like the folder's files); the
// CLI sends its arguments and working folder, the server runs the command in-process on its open
// database, and streams back what the command writes and its exit code.
//
// Protocol: one JSON line from the CLI (Demande), then JSON lines from the server: {"s":1|2,"b":
// base64} for stdout/stderr, and last {"code":n}.

export const SOCKET_NAME = 'offre.sock';

interface Demande {
  readonly argv: string[];
  readonly tty: { readonly stdout: boolean; readonly stderr: boolean; readonly columns: number | null };
}

/** Commands a server cannot run on its own open database. */
function refus(argv: readonly string[]): string | null {
  const [cmd, sub] = argv;
  if (cmd === 'serve') return 'le serveur tourne déjà sur ce dossier.';
  if (cmd === 'db' && sub === 'restore')
    return 'une restauration remplace la base entière : arrêtez d’abord le serveur « offre serve ».';
  return null;
}

let redirige = false;
/** Sends what hosted commands write on process.stdout/stderr to their caller (once per process). */
function redirigerSorties(): void {
  if (redirige) return;
  redirige = true;
  for (const [name, pick] of [
    ['stdout', (h: CommandeHebergee) => h.stdout],
    ['stderr', (h: CommandeHebergee) => h.stderr],
  ] as const) {
    const stream = process[name];
    const original = stream.write.bind(stream) as (...a: unknown[]) => boolean;
    stream.write = ((...args: unknown[]) => {
      const h = hebergement.getStore();
      if (!h) return original(...args);
      const cb = args.find((a) => typeof a === 'function') as (() => void) | undefined;
      return pick(h).write(
        args[0] as string | Buffer,
        typeof args[1] === 'string' ? (args[1] as BufferEncoding) : 'utf8',
        cb,
      );
    }) as typeof stream.write;
  }
}

function versSocket(socket: Socket, s: 1 | 2, tty: boolean, columns: number | null) {
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (socket.writable) socket.write(`${JSON.stringify({ s, b: chunk.toString('base64') })}\n`);
      cb();
    },
  });
  return Object.assign(w, { isTTY: tty, columns: columns ?? 80 });
}

/**
 * Listens on `<dataDir>/offre.sock` (mode 0600) and runs the commands CLIs send, one at a time,
 * on the server's open database. Resolves to the function that stops listening and removes the socket.
 */
export async function ecouterCommandes(
  dataDir: string,
  ctx: AppContext,
  database: Database,
): Promise<() => Promise<void>> {
  const path = join(dataDir, SOCKET_NAME);
  // The folder's lock is ours: a socket file left here is a dead server's.
  await rm(path, { force: true });
  redirigerSorties();
  const { main } = await import('./main.ts');
  let file = Promise.resolve();
  const server = createServer((socket) => {
    const lignes = createInterface({ input: socket });
    lignes.once('line', (line) => {
      lignes.close();
      let d: Demande;
      try {
        d = JSON.parse(line) as Demande;
        if (!Array.isArray(d.argv) || !d.argv.every((a) => typeof a === 'string')) throw new Error();
      } catch {
        socket.end(`${JSON.stringify({ code: 1 })}\n`);
        return;
      }
      const stdout = versSocket(socket, 1, d.tty?.stdout ?? false, d.tty?.columns ?? null);
      const stderr = versSocket(socket, 2, d.tty?.stderr ?? false, d.tty?.columns ?? null);
      // One command at a time: process.exitCode is the process's, and so is the CLI's output hook.
      file = file.then(async () => {
        let code = 1;
        const raison = refus(d.argv);
        if (raison) {
          stderr.write(`Erreur : commande impossible pendant que le serveur tourne : ${raison}\n`);
        } else {
          const avant = process.exitCode;
          process.exitCode = undefined;
          try {
            await hebergement.run({ ctx, database, stdout, stderr }, () => main(d.argv));
            code = Number(process.exitCode ?? 0);
          } finally {
            process.exitCode = avant;
          }
        }
        if (socket.writable) socket.end(`${JSON.stringify({ code })}\n`);
      });
    });
    socket.on('error', () => {});
  });
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((ok, ko) => {
      server.once('error', ko);
      server.listen(path, () => ok());
    });
  } finally {
    process.umask(umask);
  }
  await chmod(path, 0o600);
  return async () => {
    await new Promise<void>((ok) => server.close(() => ok()));
    await file;
    await rm(path, { force: true });
  };
}

/** Options whose value is a file to write (resolved against the caller's folder even when absent). */
const SORTIES = new Set(['--out', '--errors', '--erreurs', '--xsd']);

/**
 * The arguments with relative paths made absolute from `cwd` (the server runs elsewhere): every
 * argument after the command words naming an existing file, and the values of the output options
 * and of `db dump`.
 */
export function cheminsAbsolus(argv: readonly string[], cwd: string): string[] {
  const fichier = (a: string) => {
    try {
      return statSync(resolve(cwd, a)).isFile();
    } catch {
      return false;
    }
  };
  // The command words themselves (`referentiel import sirene`) are never paths, even when a file
  // of that name sits in the folder.
  let commande = buildProgram() as Command;
  let mots = 0;
  for (; mots < argv.length; mots++) {
    const sous = commande.commands.find((c) => c.name() === argv[mots] || c.aliases().includes(argv[mots]!));
    if (!sous) break;
    commande = sous;
  }
  return argv.map((a, i) => {
    if (i < mots) return a;
    const eq = /^(--[\w-]+)=(.*)$/.exec(a);
    if (eq && SORTIES.has(eq[1]!) && !isAbsolute(eq[2]!)) return `${eq[1]}=${resolve(cwd, eq[2]!)}`;
    if (a.startsWith('-') || isAbsolute(a)) return a;
    const sortie = SORTIES.has(argv[i - 1] ?? '') || (argv[0] === 'db' && argv[1] === 'dump' && i === 2);
    return sortie || fichier(a) ? resolve(cwd, a) : a;
  });
}

/**
 * Sends the command to the server holding `dataDir` and relays its output; resolves to its exit
 * code, or null when no server answers on the socket (none, or a dead one's file).
 */
export function viaServeur(dataDir: string, argv: readonly string[]): Promise<number | null> {
  const path = join(dataDir, SOCKET_NAME);
  if (!existsSync(path) || !existsSync(dirname(path))) return Promise.resolve(null);
  return new Promise((done) => {
    const socket = createConnection(path);
    let connecte = false;
    let code: number | null = null;
    socket.once('connect', () => {
      connecte = true;
      const demande: Demande = {
        argv: cheminsAbsolus(argv, process.cwd()),
        tty: {
          stdout: !!process.stdout.isTTY,
          stderr: !!process.stderr.isTTY,
          columns: process.stderr.columns ?? null,
        },
      };
      socket.write(`${JSON.stringify(demande)}\n`);
      createInterface({ input: socket }).on('line', (line) => {
        const m = JSON.parse(line) as { s?: 1 | 2; b?: string; code?: number };
        if (m.b !== undefined)
          (m.s === 1 ? process.stdout : process.stderr).write(Buffer.from(m.b, 'base64'));
        if (m.code !== undefined) code = m.code;
      });
    });
    socket.on('error', () => {
      if (!connecte) done(null);
    });
    socket.on('close', () => {
      if (!connecte) return;
      if (code === null) process.stderr.write('Erreur : le serveur s’est arrêté pendant la commande.\n');
      done(code ?? 1);
    });
  });
}
