import type { Kysely } from 'kysely';
import { OffreError } from '../domain/errors.ts';

// Long writes (an LHEO import, a workbook apply, a reference import) are one transaction each, so
// that a failure in the middle leaves the state before. On PostgreSQL readers never wait for them.
// On PGlite (one session) every read would wait for the whole import (issue 15, defect 7): a
// database opened with `snapshotReads` serves the other requests' statements from a read-only
// copy of the state before the write while it runs (see pglite.dialect.ts, PGliteRouter).

/** What runs a long write: the PGlite router when snapshot reads are on. */
export interface LongWriteHost {
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** Runs `fn` once no long write runs, none starting before it ends (no copy). */
  between<T>(fn: () => Promise<T>): Promise<T>;
}

const hosts = new WeakMap<object, LongWriteHost>();

/** Declares the host of `db`'s long writes (openDatabase, PGlite with snapshot reads). */
export function registerLongWriteHost(db: Kysely<never> | object, host: LongWriteHost): void {
  hosts.set(db, host);
}

/**
 * Formations (LHEO records, workbook rows) up to which a write runs without the copy: the copy
 * costs seconds during which the whole process waits (a checkpoint, a dump of the whole base, a
 * new PGlite instance: docs/exploitation.md, « PGlite pendant un import »), far more than the others
 * wait for so short a transaction.
 */
export const PETITE_ECRITURE = 100;

/**
 * Runs `fn`, which holds one long write transaction on `db`, as a long write: on PGlite with
 * snapshot reads, the other requests read the state of just before it (a read-only copy) and
 * their writes are refused with `occupee()` (503) until it ends; then everyone reads the live
 * base again, before `fn`'s result is handed back. Elsewhere (PostgreSQL, PGlite without the
 * option, a transaction passed as `db`), or `copie: false` (a write known to be short, see
 * PETITE_ECRITURE): `fn()` as it is, the others wait for its transaction as for any other.
 */
export function longWrite<T>(db: object, fn: () => Promise<T>, opts: { copie?: boolean } = {}): Promise<T> {
  const host = opts.copie === false ? undefined : hosts.get(db);
  return host ? host.run(fn) : fn();
}

/**
 * Runs `fn`, a short write that must not be refused (a background import's final status, after its
 * long write committed), between two long writes: on PGlite with snapshot reads it waits for the
 * long write running, if any (another import started just after), instead of being refused with
 * `occupee()`; and no long write starts before it ends. Elsewhere `fn()` as it is (PostgreSQL waits
 * for locks by itself).
 */
export function betweenLongWrites<T>(db: object, fn: () => Promise<T>): Promise<T> {
  const host = hosts.get(db);
  return host ? host.between(fn) : fn();
}

/** Seconds a refused writer is told to wait (Retry-After): imports take from seconds to minutes. */
export const RETRY_AFTER_S = 30;

/** The refusal of a write while a long write runs on PGlite (503, Retry-After, French). */
export const occupee = () =>
  new OffreError(
    'BASE_OCCUPEE',
    'Un import est en cours d’écriture dans la base embarquée (PGlite) : les pages et l’API restent consultables (dans l’état d’avant l’import), mais les modifications attendent sa fin. Rien n’a été enregistré : réessayez dans quelques instants.',
    { retry_after: RETRY_AFTER_S },
  );
