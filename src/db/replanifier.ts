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
// the same table, it then keeps the statistics it has; the lock it takes, held until the commit,
// only stops a VACUUM or ANALYZE of those tables meanwhile) and drops the connection's kept plans
// (`discard plans`, the triggers' included): the next statements are planned on the present sizes.

/**
 * The columns an import's statements look rows up by, per table it writes: the only statistics
 * `replanifierEnCroissance` refreshes (the other columns keep theirs; wide texts such as
 * `formation.objectif` are not sorted again at each refresh).
 */
const CLES = {
  formation: ['id', 'responsable_siret', 'formateur_siret', 'mandataire_siret'],
  session: ['id', 'formation_id'],
  contact: ['formation_id', 'session_id'],
  session_evenement: ['session_id'],
  formation_document: ['formation_id'],
  formation_document_a_refaire: ['formation_id', 'txid'],
  controle_echec: ['formation_id'],
  formation_region: ['formation_id'],
  plateforme_etat: ['identite', 'formation_id'],
} as const;

export type TableImport = keyof typeof CLES;

/**
 * A function `(n) => Promise<void>` to call before each chunk of a long write in `trx`, with the
 * number of rows (formations) it has handled so far: each time `n` has doubled since the last
 * time (from 1, so about log₂ n times in all), it analyzes the lookup columns of `tables` and
 * drops the connection's kept plans. Statistics only: what the statements read and write is unchanged.
 */
export function replanifierEnCroissance(
  trx: Executor,
  tables: readonly TableImport[],
): (n: number) => Promise<void> {
  let prochain = 1;
  const cibles = sql.join(
    tables.map((t) => sql`${sql.table(t)} (${sql.join(CLES[t].map((c) => sql.ref(c)))})`),
  );
  return async (n) => {
    if (n < prochain) return;
    prochain = n * 2;
    if (tables.length) await sql`analyze (skip_locked) ${cibles}`.execute(trx);
    await sql`discard plans`.execute(trx);
  };
}
