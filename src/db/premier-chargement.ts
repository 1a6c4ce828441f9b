import { sql } from 'kysely';
import type { Executor } from './executor.ts';
import { withSavepoint } from './savepoint.ts';

// First load (issue 13): an LHEO import into a store that has no formation at all writes every
// row of the heavily written tables, and each row inserted, and each verdict rewritten, used to add
// one entry to every index of its table. Inside the import's transaction, the secondary indexes
// that nothing in the import reads are dropped before the first row, and created again from their
// exact definitions just before the commit: one sorted build of each instead of tens of thousands
// of insertions. Transactional DDL (both engines): a failure or a crash anywhere leaves the indexes
// as they were, with the rest of the state before the import. What it costs: DROP INDEX holds an
// ACCESS EXCLUSIVE lock on its table until the commit, so on PostgreSQL every reader of these
// tables (the public search, the API, the feed) waits for the end of the first load, where
// otherwise it would have read the empty store (docs/formats.md, « Premier chargement »).

/**
 * The indexes dropped for a first load: neither unique nor behind a constraint (no ON CONFLICT,
 * no key depends on them), and never read by the import itself — measured with
 * `pg_stat_user_indexes.idx_scan` after an import of 10,000 formations into an empty store: 0 scan
 * each (those the import reads, such as `session_formation` or `formation_responsable`, stay).
 */
export const INDEX_DIFFERES: readonly string[] = [
  'formation_diffusion',
  'formation_en_attente',
  'formation_rncp',
  'formation_cfd',
  'formation_responsable_uai',
  'formation_formateur_uai',
  'session_region_formation',
  'session_uai',
  'session_departement',
  'session_insee',
  'historique_formation',
  'change_event_entite',
  'recherche_lieu_formation',
  'recherche_lieu_insee',
  'recherche_lieu_latlon',
  'formation_recherche_document',
  'formation_region_statut',
  'plateforme_etat_formation',
  'controle_echec_code',
  'controle_echec_formation_liee',
];

/** An index dropped for a first load, with the statement that creates it again. */
export interface IndexDiffere {
  readonly nom: string;
  readonly definition: string;
}

/** Whether the store has no formation at all (deleted and archived ones count: they are rows). */
export async function magasinVide(trx: Executor): Promise<boolean> {
  const { rows } = await sql<{ vide: boolean }>`select not exists (select 1 from formation) as vide`.execute(
    trx,
  );
  return rows[0]!.vide;
}

/**
 * Drops, in the caller's transaction, those of INDEX_DIFFERES that exist in the current schema and
 * still qualify (not unique, no constraint behind them); returns their exact definitions
 * (`pg_get_indexdef`, storage parameters and predicate included) for `recreerIndex`. None (an
 * empty list: nothing dropped) when a table's lock is not granted within ATTENTE_VERROU.
 */
export async function differerIndex(trx: Executor): Promise<IndexDiffere[]> {
  const { rows: attente } = await sql<{ v: string }>`select current_setting('lock_timeout') as v`.execute(
    trx,
  );
  try {
    // A reader or a writer holding one of these tables (a long report, an API import started just
    // before): the first load does not queue behind it, nor make everyone queue behind itself; it
    // goes on as an ordinary import, its indexes kept (a deadlock likewise).
    return await withSavepoint(trx, 'premier_chargement', async () => {
      await sql`select set_config('lock_timeout', ${ATTENTE_VERROU}, true)`.execute(trx);
      return await supprimer(trx);
    });
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    if (code !== '55P03' && code !== '40P01') throw e;
    return [];
  } finally {
    await sql`select set_config('lock_timeout', ${attente[0]!.v}, true)`.execute(trx);
  }
}

/** How long the first load waits for each table's lock before going on as an ordinary import. */
const ATTENTE_VERROU = '2s';

async function supprimer(trx: Executor): Promise<IndexDiffere[]> {
  const { rows } = await sql<IndexDiffere>`select c.relname as nom, pg_get_indexdef(c.oid) as definition
    from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      join pg_index i on i.indexrelid = c.oid
    where n.nspname = current_schema() and c.relname = any(${[...INDEX_DIFFERES]}::text[])
      and not i.indisunique and not i.indisexclusion
      and not exists (select 1 from pg_constraint k where k.conindid = c.oid)
    order by c.relname`.execute(trx);
  for (const r of rows) await sql`drop index ${sql.ref(r.nom)}`.execute(trx);
  return rows;
}

/** Creates again, in the caller's transaction, the indexes `differerIndex` dropped. */
export async function recreerIndex(trx: Executor, index: readonly IndexDiffere[]): Promise<void> {
  for (const i of index) await sql.raw(i.definition).execute(trx);
}
