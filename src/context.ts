import type { Kysely } from 'kysely';
import { type Config, readConfig } from './config.ts';
import type { Engine } from './db/database.ts';
import type { DB } from './db/schema.ts';

/** What every service receives: the database and a clock (tests may fix it). */
export interface AppContext {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  readonly now: () => Date;
  /**
   * The read pool (Database.lecture: PostgreSQL, generic plans) for the public prepared reads;
   * absent: `db` (PGlite, and tests that do not pass it). Read it through lectureDe.
   */
  readonly lecture?: Kysely<DB>;
  /** Settings; absent = read from the environment (tests pass their own: SMTP server, limits). */
  readonly config?: Config;
}

/** The settings of `ctx`. */
export const configOf = (ctx: AppContext): Config => ctx.config ?? readConfig();

/**
 * Where the public prepared reads run — the whole catalogue's list page, the change feed, the
 * data version the read caches and the feed's ETag are keyed on: the read pool when there is one,
 * else `db`. Never inside a transaction, never for a read that must see the caller's own write
 * made on `db` in flight (both pools see every committed write of the same database).
 */
export const lectureDe = (ctx: AppContext): Kysely<DB> => ctx.lecture ?? ctx.db;
