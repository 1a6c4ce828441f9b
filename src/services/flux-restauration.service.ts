import type { Database } from '../db/database.ts';
import {
  avancerVersionDonnees,
  compteurFluxVerrouille,
  dateDernierEvenement,
  noterRupture,
} from '../db/flux-rupture.repository.ts';
import { MARGE_RESTAURATION, type Rupture, ruptureDeRestauration } from '../domain/flux-restauration.ts';

/** What the replaced base had handed out, when it could be read (null: unknown). */
export interface BaseRemplacee {
  /** The change feed's last number. */
  readonly seq: number | null;
  /** The public-data version's counter (`donnees_version.v`, db/snapshot.repository.ts). */
  readonly version: number | null;
}

/**
 * Records a restore in the restored base `db` (migrated): the change feed resumes above the
 * replaced base's last number (unknown: MARGE_RESTAURATION above the restored one), and the
 * numbers lost are refused from now on (domain/flux-restauration.ts). The public-data version moves
 * above the replaced base's too (unknown: by the same margin): a restored PGlite folder hands out
 * its transaction ids again, so `"<v>.<xmin>"` could come back to a value of the lost timeline,
 * and a feed page's ETag (or a cached page) of that timeline would be answered 304 (or served).
 * Returns the rupture, or null when no number was lost. Every number handed out stays handed
 * out: run once per restore.
 */
export async function noterRestauration(
  db: Database['db'],
  ancien: BaseRemplacee,
  now: Date,
): Promise<Rupture | null> {
  return db.transaction().execute(async (trx) => {
    await avancerVersionDonnees(trx, ancien.version, MARGE_RESTAURATION);
    const restaure = await compteurFluxVerrouille(trx);
    const r = ruptureDeRestauration(restaure, ancien.seq);
    if (!r) return null;
    await noterRupture(trx, {
      de: r.de,
      a: r.a,
      at: now,
      etat_du: await dateDernierEvenement(trx),
      estimee: r.estimee,
    });
    return r;
  });
}
