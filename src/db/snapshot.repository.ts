import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * A token that changes whenever any write transaction starts or ends anywhere in the database:
 * the current snapshot (xmin:xmax:in-flight ids). Why the whole snapshot and not only xmax: a
 * transaction already in flight when the token is read commits without moving xmax, but it
 * leaves the in-flight list, so the token still changes.
 */
export async function dataVersion(db: Executor): Promise<string> {
  const { rows } = await sql<{ v: string }>`select pg_current_snapshot()::text as v`.execute(db);
  return rows[0]!.v;
}
