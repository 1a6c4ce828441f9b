import { existsSync, statSync } from 'node:fs';
import { createConnection } from 'node:net';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import {
  type Bilan,
  finirParLeSignal,
  messageInterruption,
  messageSansBilan,
  messageTropTard,
  relayerCtrlC,
} from './interruption.ts';

// The embedded database (PGlite) is for one process: while `offre serve` holds its folder, a CLI
// command on the same folder is run by the server itself. The server listens on a Unix socket in
// the data folder, readable and writable by its owner only (0600, like the folder's files); the
// CLI sends its arguments and working folder, the server runs the command in-process on its open
// database, and streams back what the command writes and its exit code.
//
// Protocol: one JSON line from the CLI (Demande), then JSON lines from the server: {"s":1|2,"b":
// base64} for stdout/stderr, and last {"code":n}. Ctrl-C on the CLI closes its side of the socket:
// the server cancels the command, waits for it to end, and sends {"interrompue": Bilan} (what it
// had saved, the files it removed) before the code, so that the terminal says what is true.

export const SOCKET_NAME = 'offre.sock';

export interface Demande {
  readonly argv: string[];
  /** The caller's folder: default output files are written there (cheminLocal). */
  readonly cwd?: string;
  readonly tty: { readonly stdout: boolean; readonly stderr: boolean; readonly columns: number | null };
}

/** Options whose value is a file to write (resolved against the caller's folder even when absent). */
const SORTIES = new Set(['--out', '-o', '--errors', '--erreurs', '--xsd', '--rapport']);

/**
 * The arguments with relative paths made absolute from `cwd` (the server runs elsewhere): every
 * argument after the command words naming an existing file, and the values of the output options
 * and of `db dump`. `programme`: the CLI's commands, to tell command words from arguments.
 */
export function cheminsAbsolus(argv: readonly string[], cwd: string, programme: Command): string[] {
  const fichier = (a: string) => {
    try {
      return statSync(resolve(cwd, a)).isFile();
    } catch {
      return false;
    }
  };
  // The command words themselves (`referentiel import sirene`) are never paths, even when a file
  // of that name sits in the folder.
  let commande = programme;
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
    // `-ofichier.xml`: the short form of --out glued to its value.
    const court = /^-o(.+)$/.exec(a);
    if (court && !isAbsolute(court[1]!)) return `-o${resolve(cwd, court[1]!)}`;
    if (a.startsWith('-') || isAbsolute(a)) return a;
    const sortie = SORTIES.has(argv[i - 1] ?? '') || (argv[0] === 'db' && argv[1] === 'dump' && i === 2);
    return sortie || fichier(a) ? resolve(cwd, a) : a;
  });
}

/**
 * Sends the command to the server holding `dataDir` and relays its output; resolves to its exit
 * code, or null when no server answers on the socket (none, or a dead one's file). Ctrl-C asks
 * the server to cancel it and waits for what the command left, says it (interruption.ts), then
 * ends as Ctrl-C ends a program; a second Ctrl-C does not wait.
 */
export function viaServeur(
  dataDir: string,
  argv: readonly string[],
  programme: Command,
): Promise<number | null> {
  const path = join(dataDir, SOCKET_NAME);
  if (!existsSync(path) || !existsSync(dirname(path))) return Promise.resolve(null);
  return new Promise((done) => {
    const socket = createConnection(path);
    let connecte = false;
    let code: number | null = null;
    let interrompue = false;
    let bilan: Bilan | null = null;
    let rendreCtrlC = () => {};
    socket.once('connect', () => {
      connecte = true;
      // Until it connects, Ctrl-C is the direct command's (nothing was asked of the server).
      rendreCtrlC = relayerCtrlC(() => {
        if (interrompue) {
          process.stderr.write(`${messageSansBilan(argv, false)}\n`);
          finirParLeSignal();
          return;
        }
        interrompue = true;
        // Our side closed: the server cancels the command and says what it left (hote.ts).
        socket.end();
      });
      const demande: Demande = {
        argv: cheminsAbsolus(argv, process.cwd(), programme),
        cwd: process.cwd(),
        tty: {
          stdout: !!process.stdout.isTTY,
          stderr: !!process.stderr.isTTY,
          columns: process.stderr.columns ?? null,
        },
      };
      socket.write(`${JSON.stringify(demande)}\n`);
      createInterface({ input: socket }).on('line', (line) => {
        const m = JSON.parse(line) as { s?: 1 | 2; b?: string; code?: number; interrompue?: Bilan };
        if (m.b !== undefined)
          (m.s === 1 ? process.stdout : process.stderr).write(Buffer.from(m.b, 'base64'));
        if (m.interrompue) bilan = m.interrompue;
        if (m.code !== undefined) code = m.code;
      });
    });
    socket.on('error', () => {
      if (!connecte) done(null);
    });
    socket.on('close', () => {
      if (!connecte) return;
      rendreCtrlC();
      if (interrompue && (bilan || code === null)) {
        // What the server says the command left; without its answer, nothing is claimed.
        process.stderr.write(`${bilan ? messageInterruption(argv, bilan) : messageSansBilan(argv, true)}\n`);
        finirParLeSignal();
        return;
      }
      if (code === null) process.stderr.write('Erreur : le serveur s’est arrêté pendant la commande.\n');
      // Interrupted too late: the command had ended, its code stands, and the terminal says so.
      else if (interrompue) process.stderr.write(`${messageTropTard(argv, code)}\n`);
      done(code ?? 1);
    });
  });
}
