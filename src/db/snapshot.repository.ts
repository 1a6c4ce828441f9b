import { CompiledQuery } from 'kysely';
import type { Executor } from './executor.ts';
import { MARQUE } from './preparee.ts';

/**
 * The public-data version: `"<v>.<xmin>"`, the counter `donnees_version.v` (migration 0910) and the
 * id of the transaction that last wrote its row. `v` grows by one each time a transaction that
 * wrote a table a public reader can see (formations, sessions, organismes, references, the search
 * index…) commits; writes to the exempted tables (API keys and quotas, accounts, sign-ins,
 * security journal, mail, import jobs, change feed, history) leave it as it is. Bumped at commit,
 * in the writing transaction: data read after the version is at least as new as the version says,
 * so an answer stored under it is never older than the data a later reader of the same version
 * sees. Shared by every process on the database.
 * Why the row's xmin too: a database restored from a dump (`pg_restore --clean` under running
 * servers) gets an older `v` back, which later writes would bring to values the caches already
 * hold for other data; the restore writes the row in a new transaction, whose id PostgreSQL never
 * hands out twice (short of 2^32 transactions), so every version after it differs from every one
 * before. Compare versions for equality only. One primary-key read; errors: those of the database.
 */
export async function dataVersion(db: Executor): Promise<string> {
  const { rows } = await db.executeQuery<{ v: string }>(VERSION);
  return rows[0]!.v;
}

// Compiled once, and a prepared statement (preparee.ts): the read caches ask it on every request
// (or group of requests arriving together).
const VERSION = CompiledQuery.raw(
  `${MARQUE}select v::text || '.' || xmin::text as v from donnees_version where id = 1`,
);
