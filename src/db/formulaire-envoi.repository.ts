import type { Executor } from './executor.ts';

// One-time tokens of the new-formation form (table `formulaire_envoi`, migration 1040).

/** Deletes the tokens created before `avant` (index `formulaire_envoi_created_at`); returns how many. */
export async function deleteFormulairesEnvoiAvant(db: Executor, avant: Date): Promise<number> {
  const r = await db.deleteFrom('formulaire_envoi').where('created_at', '<', avant).executeTakeFirst();
  return Number(r.numDeletedRows);
}
