import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import { MARQUE, preparee } from './preparee.ts';

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
  // Whether each formation is in the diffusion now, at the end of the writing transaction.
  const etats = await trx
    .selectFrom('formation')
    .select(['id', sql<boolean>`(statut = 'publiee' and catalogue = 'general')`.as('diffusee')])
    .where('id', '=', sql<string>`any(cast(${[...new Set(events.map((e) => e.entite_id))]} as text[]))`)
    .execute();
  const diffusee = new Map(etats.map((x) => [x.id, x.diffusee === true]));
  const seqs = events.map((_, i) => last - events.length + 1 + i);
  await trx
    .insertInto('change_event')
    .values(
      events.map((e, i) => ({
        seq: seqs[i]!,
        type: e.type,
        entite_id: e.entite_id,
        action: e.action,
        at,
        diffusee: diffusee.get(e.entite_id) ?? false,
      })),
    )
    .execute();
  return seqs;
}

/**
 * Records in the events of formations `ids` that have no diffusion state yet (a bulk load writes
 * them before the conformity computation, null) whether each formation is diffused now: what
 * `appendChanges` records for a single write, whose conformity is computed in its transaction.
 */
export async function recordDiffusion(trx: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update change_event e set diffusee = (f.statut = 'publiee' and f.catalogue is not distinct from 'general')
    from formation f
    where f.id = e.entite_id and e.entite_id = any(${ids}::text[]) and e.diffusee is null`.execute(trx);
}

/** The last seq the feed has numbered (0 when empty): no committed event has a greater one. */
export async function dernierSeq(db: Executor): Promise<number> {
  const { rows } = await sql<{
    seq: string | number;
  }>`${sql.raw(MARQUE)}select seq from feed_counter where id = 1`.execute(db);
  return Number(rows[0]?.seq ?? 0);
}

export function readChanges(db: Executor, since: number, limit: number) {
  return db
    .selectFrom('change_event')
    .modifyFront(preparee) // the feed's pages: one text (preparee.ts)
    .select(['seq', 'type', 'entite_id', 'action', 'at', 'diffusee'])
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** For each formation, the diffusion state recorded by its last event at or before `seq` (absent: none). */
export async function diffusionAvant(
  db: Executor,
  ids: readonly string[],
  seq: number,
): Promise<Map<string, boolean | null>> {
  if (ids.length === 0) return new Map();
  // One probe of (entite_id, seq) per formation: the page's cost does not grow with its position in
  // the feed (a scan of every event up to `seq` did).
  const { rows } = await sql<{ entite_id: string; diffusee: boolean | null }>`${sql.raw(MARQUE)}
    select x.id as entite_id, e.diffusee
    from unnest(${[...ids]}::text[]) x(id)
    cross join lateral (
      select c.diffusee from change_event c
      where c.entite_id = x.id and c.seq <= ${seq}
      order by c.seq desc limit 1) e`.execute(db);
  return new Map(rows.map((r) => [r.entite_id, r.diffusee]));
}
