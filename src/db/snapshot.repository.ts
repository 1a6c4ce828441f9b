import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * The public-data version: a decimal string of a positive integer (`donnees_version.v`, migration
 * 0910) that grows by one each time a transaction that wrote a table a public reader can see
 * (formations, sessions, organismes, references, the search index…) commits; writes to the
 * exempted tables (API keys and quotas, accounts, sign-ins, security journal, mail, import jobs,
 * change feed) leave it as it is. Bumped at commit, in the writing transaction: data read after
 * the version is at least as new as the version says, so an answer stored under it is never older
 * than the data a later reader of the same version sees. Shared by every process on the database.
 * One primary-key read; errors: those of the database.
 */
export async function dataVersion(db: Executor): Promise<string> {
  const { rows } = await sql<{ v: string }>`select v::text as v from donnees_version where id = 1`.execute(
    db,
  );
  return rows[0]!.v;
}
