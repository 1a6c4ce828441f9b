import type { Insertable } from 'kysely';
import type { Executor } from './executor.ts';
import type { ConnexionTable } from './schema.ts';

// Signed-in sessions ("connexions"): keyed by the SHA-256 of the cookie's token.

export async function insertConnexion(db: Executor, row: Insertable<ConnexionTable>): Promise<void> {
  await db.insertInto('connexion').values(row).execute();
}

/** The live session of this token hash with its user and the user's structure status. */
export function findConnexion(db: Executor, tokenHash: string, now: Date) {
  return db
    .selectFrom('connexion')
    .innerJoin('utilisateur', 'utilisateur.id', 'connexion.utilisateur_id')
    .leftJoin('structure', 'structure.siren', 'utilisateur.siren')
    .select([
      'connexion.token_hash',
      'connexion.last_seen_at',
      'connexion.expires_at',
      'utilisateur.id',
      'utilisateur.email',
      'utilisateur.nom',
      'utilisateur.role',
      'utilisateur.siren',
      'utilisateur.regions',
      'utilisateur.academies',
      'utilisateur.actif',
      'utilisateur.doit_changer_mot_de_passe',
      'structure.statut as structure_statut',
      'structure.raison_sociale as structure_nom',
      'structure.region as structure_region',
    ])
    .where('connexion.token_hash', '=', tokenHash)
    .where('connexion.expires_at', '>', now)
    .executeTakeFirst();
}

export async function touchConnexion(db: Executor, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('connexion').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteConnexion(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('connexion').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user, but `keep` (the current one) if given; returns how many ended. */
export async function deleteConnexionsDe(
  db: Executor,
  utilisateurId: string,
  keep?: string,
): Promise<number> {
  let q = db.deleteFrom('connexion').where('utilisateur_id', '=', utilisateurId);
  if (keep) q = q.where('token_hash', '<>', keep);
  const r = await q.executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Removes a user's sessions past their absolute expiry (done at each sign-in: the table stays small). */
export async function deleteConnexionsExpirees(
  db: Executor,
  utilisateurId: string,
  now: Date,
): Promise<void> {
  await db
    .deleteFrom('connexion')
    .where('utilisateur_id', '=', utilisateurId)
    .where('expires_at', '<=', now)
    .execute();
}
