import type { OrigineHistorique } from '../domain/historique.ts';
import type { Executor } from './executor.ts';

export interface HistoriqueEntry {
  formation_id: string | null;
  entite: string;
  entite_id: string;
  action: string;
  acteur: string;
  at: Date;
  diff: unknown;
}

// The import a transaction applies (`marquerOrigine`): every history row it writes, by either
// write path (appendHistorique; bulk.repository.ts insertHistoriqueBulk), records it (column
// `origine`, migration 0990). Keyed by the transaction object, as formation.write.ts keys its
// deferred recomputations; forgotten with it.
const origines = new WeakMap<Executor, OrigineHistorique>();

/**
 * Marks every history row written in the transaction `trx` from now on as coming from the import
 * `origine` (`lheo`, `classeur`), whoever sends it (page, command line, API key) and whatever it
 * writes (creations, updates, revisions, archivings). Call it in the import's transaction only.
 */
export function marquerOrigine(trx: Executor, origine: OrigineHistorique): void {
  origines.set(trx, origine);
}

/** The import the rows written in `trx` come from (`marquerOrigine`), else null. */
export const origineDe = (trx: Executor): OrigineHistorique | null => origines.get(trx) ?? null;

/** Append-only: rows are inserted, never updated nor deleted. */
export async function appendHistorique(db: Executor, entries: readonly HistoriqueEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const origine = origineDe(db);
  await db
    .insertInto('historique')
    .values(entries.map((e) => ({ ...e, diff: JSON.stringify(e.diff), origine })))
    .execute();
}

export function listHistorique(db: Executor, formationId: string) {
  return db
    .selectFrom('historique')
    .select(['id', 'entite', 'entite_id', 'action', 'acteur', 'at', 'diff', 'origine'])
    .where('formation_id', '=', formationId)
    .orderBy('id')
    .execute();
}

/** The history of non-formation entities (`entite`: structure, utilisateur, api_key…) `ids`, oldest first. */
export function listHistoriqueEntites(db: Executor, entite: string, ids: readonly string[]) {
  return db
    .selectFrom('historique')
    .select(['entite_id', 'action', 'acteur', 'at', 'diff'])
    .where('entite', '=', entite)
    .where('entite_id', 'in', ids.length ? ids : [''])
    .orderBy('id')
    .execute();
}

/** The last decision (approbation, refus) on the sign-up of `siren`, or undefined. */
export function selectDerniereDecisionStructure(db: Executor, siren: string) {
  return db
    .selectFrom('historique')
    .select(['acteur', 'at', 'action', 'diff'])
    .where('entite', '=', 'structure')
    .where('entite_id', '=', siren)
    .where('action', 'in', ['approbation', 'refus'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Who wrote formation `formationId` last, and when (its newest history entry), or undefined.
 * `entite`: only that entity's entries (`plateforme:parcoursup`); `horsPlateformes`: none of the
 * platform decisions' and returns' (the offer's own writes).
 */
export function selectDerniereEcriture(
  db: Executor,
  formationId: string,
  filtre: { readonly entite?: string; readonly horsPlateformes?: boolean } = {},
) {
  return db
    .selectFrom('historique')
    .select(['acteur', 'at', 'action', 'diff'])
    .where('formation_id', '=', formationId)
    .$if(filtre.entite !== undefined, (qb) => qb.where('entite', '=', filtre.entite!))
    .$if(!!filtre.horsPlateformes, (qb) => qb.where('entite', 'not like', 'plateforme:%'))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}
