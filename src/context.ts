import type { Kysely } from 'kysely';
import type { Engine } from './db/database.ts';
import type { DB } from './db/schema.ts';

/** What every service receives: the database and a clock (tests may fix it). */
export interface AppContext {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  readonly now: () => Date;
}
