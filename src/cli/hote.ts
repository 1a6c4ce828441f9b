import { chmod, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { AppContext } from '../context.ts';
import { annulable } from '../db/annulation.ts';
import type { Database } from '../db/database.ts';
import { OffreError } from '../domain/errors.ts';
import { nombre } from '../domain/nombres.ts';
import { type Demande, SOCKET_NAME } from './hote.client.ts';
import { type CommandeHebergee, etatInterruption, hebergement } from './hote.context.ts';

// The server side of hote.client.ts: a running `offre serve` on the embedded folder listens on
// the data folder's socket and runs the commands CLIs send (protocol in hote.client.ts).

/**
 * Commands a server cannot run on its own open database. A second `offre serve` (`npm start`) is
 * told where this one listens (`adresse`, null until it listens) and its process, to open it or
 * stop it (fresh operator, 07/12/2026: « tourne déjà » said neither).
 */
function refus(argv: readonly string[], adresse: string | null): string | null {
  const [cmd, sub] = argv;
  if (cmd === 'serve')
    return `le serveur tourne déjà sur ce dossier, ${adresse ? `sur ${adresse}` : 'encore en démarrage'} (processus ${process.pid}) : ${adresse ? 'ouvrez cette adresse' : 'attendez qu’il écoute'}, ou arrêtez ce processus (kill ${process.pid}) avant d’en lancer un autre.`;
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

function versSocket(
  socket: Socket,
  s: 1 | 2,
  tty: boolean,
  columns: number | null,
  signal: AbortSignal,
  coupe: () => boolean,
) {
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      // Cancelled: what is copied to the caller (an export on its stdout) stops there.
      if (signal.aborted && s === 1) return cb(signal.reason as Error);
      // Interrupted by its caller: its terminal gets one line, what the command left (terminer).
      if (coupe()) return cb();
      if (socket.writable) socket.write(`${JSON.stringify({ s, b: chunk.toString('base64') })}\n`);
      cb();
    },
  });
  // A write refused above is the command's error (its pipeline rejects), not the server's.
  w.on('error', () => {});
  return Object.assign(w, { isTTY: tty, columns: columns ?? 80 });
}

/** How long a cancelled command is waited for before the next one runs or the server stops. */
export const DELAI_ANNULATION_MS = 5_000;

/** Why a hosted command was cancelled: its caller left (Ctrl-C), or the server stops (SIGTERM). */
const interrompue = (pourquoi: 'appelant' | 'arret') =>
  new OffreError(
    'COMMANDE_INTERROMPUE',
    pourquoi === 'arret'
      ? 'Commande interrompue : le serveur « offre serve » s’arrête. Ce qu’elle écrivait dans la base (la transaction en cours) est annulé, aucun fichier incomplet n’est laissé ; relancez-la une fois le serveur redémarré, ou le serveur arrêté.'
      : 'Commande interrompue : son appelant s’est déconnecté (Ctrl-C). Ce qu’elle écrivait dans la base (la transaction en cours) est annulé, aucun fichier incomplet n’est laissé.',
  );

interface Tache {
  readonly argv: string[];
  readonly socket: Socket;
  readonly hote: CommandeHebergee;
  readonly annulation: AbortController;
  /** Cancelled by its caller (Ctrl-C: it closed its side of the socket, hote.client.ts). */
  parAppelant: boolean;
}

/**
 * The exit line, once: the client shows the code and stops reading. Before it, to a caller that
 * interrupted the command, what the command left once it has ended (its transaction committed or
 * rolled back, its files removed): the caller's terminal says it (interruption.ts).
 */
const terminer = (t: Tache, code: number) => {
  const { socket } = t;
  if (!socket.writable) return;
  if (t.parAppelant) {
    const { enregistre, supprimes } = t.hote.interruption;
    socket.write(`${JSON.stringify({ interrompue: { enregistre, supprimes } })}\n`);
  }
  socket.end(`${JSON.stringify({ code })}\n`);
};

/** Resolves `ms` after `signal` is aborted (never before): how long a cancelled command is waited for. */
const apresAnnulation = (signal: AbortSignal, ms: number) =>
  new Promise<'abandonnee'>((ok) => {
    const armer = () => setTimeout(() => ok('abandonnee'), ms).unref();
    if (signal.aborted) armer();
    else signal.addEventListener('abort', armer, { once: true });
  });

/**
 * Listens on `<dataDir>/offre.sock` (mode 0600) and runs the commands CLIs send, one at a time,
 * on the server's open database with `executer` (the CLI's `main`, given by `offre serve`: the
 * program that holds `serve` is not imported here). Resolves to the function that stops listening and removes the socket.
 *
 * One at a time, each on its own: a command that fails, throws or rejects is reported to its
 * caller (in French, exit code 1) and the next one runs. A command whose caller goes away (Ctrl-C,
 * a closed terminal) is cancelled: it never starts if it was waiting; if it runs, its next
 * statement is refused so that its transaction is rolled back (db/annulation.ts), the file it
 * writes is removed (sortie.ts) and the file it reads no longer waited for (entree.ts); a caller
 * still there (Ctrl-C closes its side of the socket only) is told what it left once it has ended
 * (terminer); the next command runs once it has ended, or after
 * DELAI_ANNULATION_MS if it does not end (a command stuck outside the database: it is left behind,
 * its statements refused). Stopping (SIGTERM) cancels the command running and those waiting the
 * same way, tells their callers, and waits for the running one at most DELAI_ANNULATION_MS.
 */
export async function ecouterCommandes(
  dataDir: string,
  ctx: AppContext,
  database: Database,
  executer: (argv: string[]) => Promise<void>,
  {
    delaiAnnulationMs = DELAI_ANNULATION_MS,
    adresse = () => null,
  }: {
    delaiAnnulationMs?: number;
    /** Where the server listens (http://localhost:3000), null until it does: said to a second `serve`. */
    adresse?: () => string | null;
  } = {},
): Promise<() => Promise<void>> {
  const path = join(dataDir, SOCKET_NAME);
  // The folder's lock is ours: a socket file left here is a dead server's.
  await rm(path, { force: true });
  redirigerSorties();
  const taches = new Set<Tache>();
  let enCours: Tache | null = null;
  let file: Promise<void> = Promise.resolve();
  let arret = false;

  /** Runs one command; never rejects (the queue goes on whatever happens to it). */
  const executerTache = async (t: Tache): Promise<void> => {
    const { stderr } = t.hote;
    try {
      if (t.annulation.signal.aborted) {
        // Cancelled while waiting: never started (the server stopping tells its caller).
        if (arret)
          stderr.write(`Erreur : ${(t.annulation.signal.reason as Error).message} [COMMANDE_INTERROMPUE]\n`);
        terminer(t, 1);
        return;
      }
      const raison = refus(t.argv, adresse());
      if (raison) {
        stderr.write(`Erreur : commande impossible pendant que le serveur tourne : ${raison}\n`);
        terminer(t, 1);
        return;
      }
      enCours = t;
      const avant = process.exitCode;
      process.exitCode = undefined;
      let code: number | 'abandonnee';
      try {
        code = await Promise.race([
          hebergement
            .run(t.hote, () => annulable(t.annulation.signal, () => executer(t.argv)))
            .then(
              () => Number(process.exitCode ?? 0),
              (e: unknown) => {
                // main() reports its own errors; this is what escapes it.
                stderr.write(`Erreur interne : ${(e as Error)?.message ?? String(e)}\n`);
                return 1;
              },
            ),
          apresAnnulation(t.annulation.signal, delaiAnnulationMs),
        ]);
      } finally {
        process.exitCode = avant;
      }
      if (code === 'abandonnee') {
        process.stderr.write(
          `Commande « offre ${t.argv.join(' ')} » annulée mais toujours en cours après ${nombre(delaiAnnulationMs / 1000)} s : laissée de côté, ses requêtes à la base sont refusées.\n`,
        );
        stderr.write(`Erreur : ${(t.annulation.signal.reason as Error).message} [COMMANDE_INTERROMPUE]\n`);
        terminer(t, 1);
        return;
      }
      terminer(t, code);
    } catch (e) {
      stderr.write(`Erreur interne : ${(e as Error)?.message ?? String(e)}\n`);
      terminer(t, 1);
    } finally {
      if (enCours === t) enCours = null;
      taches.delete(t);
    }
  };

  /** Its caller interrupted it (Ctrl-C) or went away: cancelled, so that it no longer holds the others back. */
  const appelantParti = (t: Tache) => {
    if (t.annulation.signal.aborted) return;
    t.parAppelant = true;
    t.annulation.abort(interrompue('appelant'));
  };

  // Half-open: a caller's Ctrl-C closes its side only (hote.client.ts), and still reads what the
  // command left (terminer).
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.on('error', () => {});
    if (arret) {
      socket.destroy();
      return;
    }
    let tache: Tache | null = null;
    socket.once('end', () => {
      if (tache) appelantParti(tache);
      else socket.end();
    });
    socket.once('close', () => {
      if (tache) appelantParti(tache);
    });
    const lignes = createInterface({ input: socket });
    lignes.once('line', (line) => {
      lignes.close();
      // Read on, past the request, so that the caller's end of the socket is seen ('end').
      socket.resume();
      let d: Demande;
      try {
        d = JSON.parse(line) as Demande;
        if (!Array.isArray(d.argv) || !d.argv.every((a) => typeof a === 'string')) throw new Error();
      } catch {
        socket.end(`${JSON.stringify({ code: 1 })}\n`);
        return;
      }
      const annulation = new AbortController();
      const coupe = () => t.parAppelant;
      const { tty } = d;
      const hote: CommandeHebergee = {
        ctx,
        database,
        stdout: versSocket(socket, 1, tty?.stdout ?? false, tty?.columns ?? null, annulation.signal, coupe),
        stderr: versSocket(socket, 2, tty?.stderr ?? false, tty?.columns ?? null, annulation.signal, coupe),
        cwd: isAbsolute(d.cwd ?? '') ? d.cwd! : process.cwd(),
        signal: annulation.signal,
        interruption: etatInterruption(),
      };
      const t: Tache = { argv: d.argv, socket, hote, annulation, parAppelant: false };
      tache = t;
      if (enCours || taches.size > 0)
        hote.stderr.write(
          `Le serveur exécute déjà une commande${enCours ? ` (« offre ${enCours.argv.join(' ')} »)` : ''} : celle-ci attend son tour (Ctrl-C pour l’abandonner).\n`,
        );
      taches.add(t);
      // One at a time: process.exitCode is the process's, and so is the CLI's output hook.
      file = file.then(() => executerTache(t));
    });
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
    arret = true;
    // No new caller; those connected are not waited for (close's callback would wait for them).
    server.close();
    await rm(path, { force: true });
    for (const t of taches) if (!t.annulation.signal.aborted) t.annulation.abort(interrompue('arret'));
    // Each waiting one ends at once; the running one within DELAI_ANNULATION_MS (executerTache).
    await file;
  };
}
