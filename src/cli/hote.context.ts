import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';

// A command run by a running `offre serve` for a CLI on the same machine (embedded database):
// what it works on and where its output goes. Kept apart from hote.ts so that withContext and
// progress can ask for it without loading the socket server.

export interface CommandeHebergee {
  /** The server's open database and context: the command neither migrates nor closes them. */
  readonly ctx: AppContext;
  readonly database: Database;
  /** The calling terminal's streams (isTTY and columns as the client reported them). */
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable & { isTTY?: boolean; columns?: number };
  /** The calling CLI's folder (absolute): where its relative and default output files go. */
  readonly cwd: string;
  /**
   * Aborted when the command is cancelled (its caller went away, the server stops; hote.ts): its
   * statements are then refused (db/annulation.ts) and the files it writes are removed (sortie.ts).
   */
  readonly signal: AbortSignal;
  /** What it had saved and the files it removed, told to its caller if it interrupts it (hote.ts). */
  readonly interruption: EtatInterruption;
}

/**
 * What an interrupted command leaves: what it had already saved, the files it was writing. One
 * per process for a direct command; one per command for those `offre serve` runs (hote.ts).
 */
export interface EtatInterruption {
  /** Said by the command once its work is committed (noterEnregistrement): « l’import ». */
  enregistre: string | null;
  /** Files being written (sortie.ts): removed if it is interrupted, never left half-written. */
  readonly fichiers: Set<string>;
  /** Files removed because the hosted command was cancelled (sortie.ts), named to its caller. */
  readonly supprimes: string[];
}

export const etatInterruption = (): EtatInterruption => ({
  enregistre: null,
  fichiers: new Set(),
  supprimes: [],
});

export const hebergement = new AsyncLocalStorage<CommandeHebergee>();

/** The hosted command in progress in this async context, if any. */
export const commandeHebergee = (): CommandeHebergee | undefined => hebergement.getStore();

/** The stream progress bars draw on: the caller's terminal for a hosted command, else stderr. */
export const sortieErreur = (): NodeJS.WritableStream & { isTTY?: boolean } =>
  hebergement.getStore()?.stderr ?? process.stderr;

/**
 * `fichier` as an absolute path in the caller's folder: the CLI's own folder, or, for a command the
 * server runs for a CLI (hote.ts), that CLI's folder, not the server's. For every file a command
 * writes, so that `offre export xlsx` from /tmp/x writes in /tmp/x and says so.
 */
export const cheminLocal = (fichier: string): string =>
  resolve(hebergement.getStore()?.cwd ?? process.cwd(), fichier);
