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

/** Append-only: rows are inserted, never updated nor deleted. */
export async function appendHistorique(db: Executor, entries: readonly HistoriqueEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('historique')
    .values(entries.map((e) => ({ ...e, diff: JSON.stringify(e.diff) })))
    .execute();
}

export function listHistorique(db: Executor, formationId: string) {
  return db
    .selectFrom('historique')
    .select(['id', 'entite', 'entite_id', 'action', 'acteur', 'at', 'diff'])
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
