import type { Executor } from './executor.ts';

// One-time tokens of the new-formation form (table `formulaire_envoi`, migration 1040;
// services/espace-envoi.ts says what they are for).

/** The formation created with `jeton` by `siren` (committed), if any. */
export async function findFormulaireEnvoi(
  db: Executor,
  siren: string,
  jeton: string,
): Promise<string | null> {
  const r = await db
    .selectFrom('formulaire_envoi')
    .select('formation_id')
    .where('jeton', '=', jeton)
    .where('siren', '=', siren)
    .executeTakeFirst();
  return r?.formation_id ?? null;
}

/**
 * Inserts `jeton` for `siren`, or reads the row that holds it, in one statement. A concurrent
 * transaction holding it makes this one wait for its end (the primary key). `pris`: inserted by
 * this one; else `formation` is the formation the committed row names (null: another SIREN's
 * token). The conflict's no-op update is what returns the existing row (a plain `do nothing`
 * returns none).
 */
export async function takeFormulaireEnvoi(
  trx: Executor,
  siren: string,
  jeton: string,
): Promise<{ pris: true } | { pris: false; formation: string | null }> {
  const r = await trx
    .insertInto('formulaire_envoi')
    .values({ jeton, siren })
    .onConflict((oc) =>
      oc
        .column('jeton')
        .doUpdateSet((eb) => ({ siren: eb.ref('formulaire_envoi.siren') }))
        .where('formulaire_envoi.siren', '=', siren),
    )
    .returning('formation_id')
    .executeTakeFirst();
  // A row just inserted has no formation yet; a committed one always has (docs of migration 1040).
  if (r && r.formation_id === null) return { pris: true };
  return { pris: false, formation: r?.formation_id ?? null };
}

/** Records the formation `jeton` created (same transaction as `takeFormulaireEnvoi`). */
export async function setFormulaireEnvoiFormation(
  trx: Executor,
  jeton: string,
  formationId: string,
): Promise<void> {
  await trx
    .updateTable('formulaire_envoi')
    .set({ formation_id: formationId })
    .where('jeton', '=', jeton)
    .execute();
}

/** Deletes the tokens created before `avant` (index `formulaire_envoi_created_at`); returns how many. */
export async function deleteFormulairesEnvoiAvant(db: Executor, avant: Date): Promise<number> {
  const r = await db.deleteFrom('formulaire_envoi').where('created_at', '<', avant).executeTakeFirst();
  return Number(r.numDeletedRows);
}
