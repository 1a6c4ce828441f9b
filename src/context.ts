import type { Kysely } from 'kysely';
import { type Config, readConfig } from './config.ts';
import type { Engine } from './db/database.ts';
import type { DB } from './db/schema.ts';

/** What every service receives: the database and a clock (tests may fix it). */
export interface AppContext {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  readonly now: () => Date;
  /** Settings; absent = read from the environment (tests pass their own: SMTP server, limits). */
  readonly config?: Config;
}

/** The settings of `ctx`. */
export const configOf = (ctx: AppContext): Config => ctx.config ?? readConfig();
