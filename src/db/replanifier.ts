import { sql } from 'kysely';
import type { Executor } from './executor.ts';

// A bulk import into an empty store writes tens of thousands of rows in ONE transaction, and the
// planner knows nothing of them: autovacuum cannot sample rows not yet committed, and the plpgsql
// triggers (search index, stale documents: migrations 0300, 0750) keep the plan made at their
// first call — a statement that reads a transition table has no parameter, so its first plan is
// kept for the life of the connection. Planned on empty tables, `formation_id = any(…250 ids)`
// reads the whole `session` table, and a trigger's join does a hash join over a sequential scan
// of `session` or `formation`: each chunk read every row written before it, a quadratic import
// (measured on PostgreSQL, docs/mesures.md « Import LHEO : côté PostgreSQL »).
//
// So, as the tables grow, the import refreshes their statistics inside its transaction (ANALYZE
// samples the transaction's own rows; SKIP_LOCKED: never waits for another ANALYZE or VACUUM of
// the same table, it then keeps the statistics it has) and drops the connection's kept plans
// (`discard plans`, the triggers' included): the next statements are planned on the present sizes.

/** Tables of the store an import writes, whose statistics `replanifierEnCroissance` refreshes. */
export type TableImport =
  | 'formation'
  | 'session'
  | 'contact'
  | 'session_evenement'
  | 'formation_document'
  | 'formation_document_a_refaire'
  | 'controle_echec'
  | 'formation_region'
  | 'plateforme_etat';

/**
 * A function `(n) => Promise<void>` to call before each chunk of a long write in `trx`, with the
 * number of rows (formations) it has handled so far: each time `n` has doubled since the last
 * time (from 1, so about log₂ n times in all), it analyzes `tables` and drops the connection's
 * kept plans. Statistics only: what the statements read and write is unchanged.
 */
export function replanifierEnCroissance(
  trx: Executor,
  tables: readonly TableImport[],
): (n: number) => Promise<void> {
  let prochain = 1;
  return async (n) => {
    if (n < prochain) return;
    prochain = n * 2;
    if (tables.length)
      await sql`analyze (skip_locked) ${sql.join(tables.map((t) => sql.table(t)))}`.execute(trx);
    await sql`discard plans`.execute(trx);
  };
}
