import { chmod, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { type Demande, SOCKET_NAME } from './hote.client.ts';
import { type CommandeHebergee, hebergement } from './hote.context.ts';

// The server side of hote.client.ts: a running `offre serve` on the embedded folder listens on
// the data folder's socket and runs the commands CLIs send (protocol in hote.client.ts).

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
 * on the server's open database with `executer` (the CLI's `main`, given by `offre serve`: the
 * program that holds `serve` is not imported here). Resolves to the function that stops listening and removes the socket.
 */
export async function ecouterCommandes(
  dataDir: string,
  ctx: AppContext,
  database: Database,
  executer: (argv: string[]) => Promise<void>,
): Promise<() => Promise<void>> {
  const path = join(dataDir, SOCKET_NAME);
  // The folder's lock is ours: a socket file left here is a dead server's.
  await rm(path, { force: true });
  redirigerSorties();
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
            await hebergement.run(
              { ctx, database, stdout, stderr, cwd: isAbsolute(d.cwd ?? '') ? d.cwd! : process.cwd() },
              () => executer(d.argv),
            );
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
