import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

// A preview (« aperçu », dry run) of an LHEO file is the real import in one transaction, rolled
// back at the end. On PGlite (one session, one writer) that transaction held the base as long as
// an applied import: the other requests read a copy meanwhile, but every write was refused (503
// BASE_OCCUPEE), a sign-in's session row included, for minutes on a large file. A base opened with
// snapshot reads (`offre serve`) now runs such a trial on a scratch copy of its own (« brouillon »:
// the data folder copied by the system, opened as another PGlite instance, closed and removed at
// the end): the live base is held only for the copy (docs/exploitation.md, « PGlite pendant un
// import »). PostgreSQL needs none: its readers and other writers never wait for a transaction.

/** What runs a trial on a scratch copy of a base (the PGlite router, database.ts). */
export interface ScratchHost {
  run<T>(fn: (db: Kysely<DB>) => Promise<T>): Promise<T>;
}

const hosts = new WeakMap<object, ScratchHost>();

/** Declares how `db`'s trials get a scratch copy (openDatabase, PGlite with snapshot reads). */
export function registerScratchHost(db: Kysely<DB> | object, host: ScratchHost): void {
  hosts.set(db, host);
}

/**
 * Runs `fn` on a scratch copy of `db` when it has one (PGlite opened with snapshot reads): `fn`
 * gets a Kysely on a new PGlite instance holding the base as it was at the call, which is closed
 * and removed once `fn` settles (its result or error handed back as they are). Elsewhere
 * (PostgreSQL, PGlite without the option, a transaction), or `copie: false` (a trial known to be
 * short, see PETITE_ECRITURE): `fn(db)`. Only for work whose writes are all rolled back: nothing
 * written on the copy reaches the base.
 */
export function surBrouillon<T>(
  db: Kysely<DB>,
  fn: (db: Kysely<DB>) => Promise<T>,
  opts: { copie?: boolean } = {},
): Promise<T> {
  const host = opts.copie === false ? undefined : hosts.get(db);
  return host ? host.run(fn) : fn(db);
}
