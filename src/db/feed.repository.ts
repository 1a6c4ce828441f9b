import { sql } from 'kysely';
import type { RuptureNotee } from '../domain/flux-restauration.ts';
import type { Executor } from './executor.ts';
import { estDiffusee, montreeAuPublicSql, selectOpenRevisionIds } from './formation.repository.ts';
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
  // Whether each formation is in the diffusion, and shown to the public, now, at the end of the
  // writing transaction.
  const etats = await etatsDiffusion(trx, [...new Set(events.map((e) => e.entite_id))]);
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
        diffusee: etats.get(e.entite_id)?.diffusee ?? false,
        publique: etats.get(e.entite_id)?.publique ?? false,
      })),
    )
    .execute();
  return seqs;
}

/**
 * Records a change of the documents of formations `ids` made without a write of the formation
 * itself — a platform decision or return, a verdict or failures recomputed (reference import,
 * scope rule, campaign closing), sessions withheld, a revision opened or closed: moves their
 * `updated_at` (the document's last change, docs/api.md « Flux de changements ») to `now` and
 * appends an `update` event for each, in `ids`' order. Not for those already at `now`: written in
 * this transaction, their write has its own event (before or after this call) and updated_at.
 * Call it in the transaction that changed them; their documents are then rebuilt (the update
 * made them stale).
 */
export async function noterChangements(trx: Executor, ids: readonly string[], now: Date): Promise<void> {
  const uniques = [...new Set(ids)];
  if (uniques.length === 0) return;
  const rows = await trx
    .updateTable('formation')
    .set({ updated_at: now })
    .where('id', '=', sql<string>`any(cast(${uniques} as text[]))`)
    .where('updated_at', '<>', now)
    .returning('id')
    .execute();
  const notees = new Set(rows.map((r) => r.id));
  await appendChanges(
    trx,
    uniques
      .filter((id) => notees.has(id))
      .map((id) => ({ type: 'formation', entite_id: id, action: 'update' })),
    now,
  );
}

/**
 * noterChangements for formation `id` when its open revision — the document's
 * `revision_en_attente` — appeared or went in this transaction (`avant`: it had one before).
 */
export async function noterRevision(trx: Executor, id: string, avant: boolean, now: Date): Promise<void> {
  if ((await selectOpenRevisionIds(trx, [id])).has(id) !== avant) await noterChangements(trx, [id], now);
}

/**
 * Records in the events of formations `ids` that have no diffusion state yet (a bulk load writes
 * them before the conformity computation, null) whether each formation is diffused now: what
 * `appendChanges` records for a single write, whose conformity is computed in its transaction.
 */
export async function recordDiffusion(trx: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`update change_event e set diffusee = f.diffusee, publique = f.publique
    from ${requeteEtats(trx, ids)} f
    where f.id = e.entite_id and e.entite_id = any(${ids}::text[]) and e.diffusee is null`.execute(trx);
}

/**
 * Per formation of `ids`: in the diffusion (`diffusee`: what read keys see) and shown to the public
 * (`publique`: also a session open to recruitment), now — the predicates of the lists and details
 * (formation.repository.ts estDiffusee, montreeAuPublicSql), so that a feed never disagrees with them.
 */
export function requeteEtats(db: Executor, ids: readonly string[]) {
  return db
    .selectFrom('formation')
    .select((eb) => ['formation.id', estDiffusee(eb).as('diffusee'), montreeAuPublicSql(eb).as('publique')])
    .where('formation.id', '=', sql<string>`any(cast(${[...ids]} as text[]))`);
}

async function etatsDiffusion(db: Executor, ids: readonly string[]) {
  const rows = await requeteEtats(db, ids).execute();
  return new Map(rows.map((r) => [r.id, { diffusee: r.diffusee === true, publique: r.publique === true }]));
}

/** The last seq the feed has numbered (0 when empty): no committed event has a greater one. */
export async function dernierSeq(db: Executor): Promise<number> {
  const { rows } = await sql<{
    seq: string | number;
  }>`${sql.raw(MARQUE)}select seq from feed_counter where id = 1`.execute(db);
  return Number(rows[0]?.seq ?? 0);
}

/**
 * The feed's last number (dernierSeq) and, when `seq` is one the feed lost at a restore (migration
 * 1290: a rupture `(de, a]` holds it), that rupture, the latest first: one statement per page.
 */
export async function etatFlux(
  db: Executor,
  seq: number,
): Promise<{ dernier: number; rupture: RuptureNotee | null }> {
  const { rows } = await sql<{
    seq: string | number;
    de: string | number | null;
    a: string | number | null;
    at: Date | string | null;
    etat_du: Date | string | null;
    estimee: boolean | null;
  }>`${sql.raw(MARQUE)}select c.seq, r.de, r.a, r.at, r.etat_du, r.estimee from feed_counter c
    left join lateral (select de, a, at, etat_du, estimee from flux_rupture
      where de < cast(${seq} as bigint) and a >= cast(${seq} as bigint) order by id desc limit 1) r on true
    where c.id = 1`.execute(db);
  const r = rows[0];
  return {
    dernier: Number(r?.seq ?? 0),
    rupture:
      r && r.de !== null && r.a !== null && r.at !== null
        ? { de: Number(r.de), a: Number(r.a), at: r.at, etat_du: r.etat_du, estimee: r.estimee === true }
        : null,
  };
}

export function readChanges(db: Executor, since: number, limit: number) {
  return db
    .selectFrom('change_event')
    .modifyFront(preparee) // the feed's pages: one text (preparee.ts)
    .select(['seq', 'type', 'entite_id', 'action', 'at', 'diffusee', 'publique'])
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** For each formation, the states recorded by its last event at or before `seq` (absent: none). */
export async function diffusionAvant(
  db: Executor,
  ids: readonly string[],
  seq: number,
): Promise<Map<string, { diffusee: boolean | null; publique: boolean | null }>> {
  if (ids.length === 0) return new Map();
  // One probe of (entite_id, seq) per formation: the page's cost does not grow with its position in
  // the feed (a scan of every event up to `seq` did).
  const { rows } = await sql<{
    entite_id: string;
    diffusee: boolean | null;
    publique: boolean | null;
  }>`${sql.raw(MARQUE)}
    select x.id as entite_id, e.diffusee, e.publique
    from unnest(${[...ids]}::text[]) x(id)
    cross join lateral (
      select c.diffusee, c.publique from change_event c
      where c.entite_id = x.id and c.seq <= ${seq}
      order by c.seq desc limit 1) e`.execute(db);
  return new Map(rows.map((r) => [r.entite_id, { diffusee: r.diffusee, publique: r.publique }]));
}

/**
 * Whether formation `id` was ever in the diffusion: one of its change-feed events recorded it
 * diffused, or left that unknown (a bulk load's event before its computation: counted as diffused,
 * the wording of the pages that ask, « plus diffusée », being then the safe one). False for an
 * offer whose first validation already left it out (« Non réglementaire »).
 */
export async function aEteDiffusee(db: Executor, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('change_event')
    .select('seq')
    .where('entite_id', '=', id)
    .where((eb) => eb.or([eb('diffusee', '=', true), eb('diffusee', 'is', null)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
