import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * What repositories and "…Tx" services receive: the database or an open transaction
 * (a Kysely Transaction is a Kysely). Callers that compose several writes in one
 * transaction (imports) pass their transaction down; PGlite has no nested transactions.
 */
export type Executor = Kysely<DB>;
