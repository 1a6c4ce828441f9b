import { sql } from 'kysely';
import type { Executor } from './executor.ts';

export type ChangeAction = 'create' | 'update' | 'archive' | 'delete';
export interface ChangeInput {
  type: 'formation';
  entite_id: string;
  action: ChangeAction;
}

/**
 * Appends events to the change feed. Call it LAST in the writing transaction.
 * seq comes from `update feed_counter … returning`, not from a sequence: the UPDATE takes the
 * counter's row lock and holds it until commit, so a second writer waits and gets the next numbers
 * only after the first has committed. Commit order is therefore seq order, and a reader paging
 * with `seq > since` can never later discover a smaller seq committing behind its cursor.
 * (PostgreSQL sequences hand out numbers at call time and commit in any order.) Taking the lock
 * at the very end keeps the serialised part of each write short.
 */
export async function appendChanges(
  trx: Executor,
  events: readonly ChangeInput[],
  at: Date,
): Promise<number[]> {
  if (events.length === 0) return [];
  const { rows } = await sql<{
    seq: number;
  }>`update feed_counter set seq = seq + ${events.length} where id = 1 returning seq`.execute(trx);
  const last = Number(rows[0]!.seq);
  const seqs = events.map((_, i) => last - events.length + 1 + i);
  await trx
    .insertInto('change_event')
    .values(
      events.map((e, i) => ({ seq: seqs[i]!, type: e.type, entite_id: e.entite_id, action: e.action, at })),
    )
    .execute();
  return seqs;
}

export function readChanges(db: Executor, since: number, limit: number) {
  return db
    .selectFrom('change_event')
    .select(['seq', 'type', 'entite_id', 'action', 'at'])
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
