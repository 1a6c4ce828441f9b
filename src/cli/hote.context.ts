import { AsyncLocalStorage } from 'node:async_hooks';
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
}

export const hebergement = new AsyncLocalStorage<CommandeHebergee>();

/** The hosted command in progress in this async context, if any. */
export const commandeHebergee = (): CommandeHebergee | undefined => hebergement.getStore();

/** The stream progress bars draw on: the caller's terminal for a hosted command, else stderr. */
export const sortieErreur = (): NodeJS.WritableStream & { isTTY?: boolean } =>
  hebergement.getStore()?.stderr ?? process.stderr;
