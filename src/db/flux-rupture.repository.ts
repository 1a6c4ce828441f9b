import { sql } from 'kysely';
import type { Executor } from './executor.ts';

// The statements of a restore's record (services/flux-restauration.service.ts, migration 1290).

/**
 * Moves the public-data version (`donnees_version.v`, db/snapshot.repository.ts) above `ancienne`,
 * the replaced base's, or by `marge` when it is unknown (null).
 */
export async function avancerVersionDonnees(
  db: Executor,
  ancienne: number | null,
  marge: number,
): Promise<void> {
  await sql`update donnees_version set v = ${
    ancienne === null ? sql`v + ${marge}` : sql`greatest(v, cast(${ancienne} as bigint)) + 1`
  } where id = 1`.execute(db);
}

/** The feed's counter (0 without its row), its row locked until the transaction ends. */
export async function compteurFluxVerrouille(db: Executor): Promise<number> {
  const { rows } = await sql<{
    seq: string | number;
  }>`select seq from feed_counter where id = 1 for update`.execute(db);
  return Number(rows[0]?.seq ?? 0);
}

/** Date of the feed's last event, null when it has none. */
export async function dateDernierEvenement(db: Executor): Promise<Date | null> {
  const { rows } = await sql<{ at: Date | null }>`select max(at) as at from change_event`.execute(db);
  return rows[0]?.at ?? null;
}

/** Records the numbers `(de, a]` lost at a restore and makes the feed resume after `a`. */
export async function noterRupture(
  db: Executor,
  r: { de: number; a: number; at: Date; etat_du: Date | null; estimee: boolean },
): Promise<void> {
  await db.insertInto('flux_rupture').values(r).execute();
  await sql`update feed_counter set seq = ${r.a} where id = 1`.execute(db);
}
