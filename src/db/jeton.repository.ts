import type { Insertable } from 'kysely';
import type { Executor } from './executor.ts';
import type { JetonTable } from './schema.ts';

// Single-use e-mailed tokens (password reset, invitation), stored as SHA-256 hashes.

export async function insertJeton(db: Executor, row: Insertable<JetonTable>): Promise<void> {
  await db.insertInto('jeton').values(row).execute();
}

export function findJeton(db: Executor, tokenHash: string, type: string, opts: { forUpdate?: boolean } = {}) {
  let q = db.selectFrom('jeton').selectAll().where('token_hash', '=', tokenHash).where('type', '=', type);
  if (opts.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function useJeton(db: Executor, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('jeton').set({ used_at: at }).where('token_hash', '=', tokenHash).execute();
}

/** Voids the unused tokens of a type for a user (a new reset link replaces the previous ones). */
export async function voidJetonsDe(
  db: Executor,
  utilisateurId: string,
  type: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('jeton')
    .set({ used_at: at })
    .where('utilisateur_id', '=', utilisateurId)
    .where('type', '=', type)
    .where('used_at', 'is', null)
    .execute();
}

/** The latest invitation of `siren` to `email` still pending (unused, unexpired), if any. */
export function findInvitationEnCours(db: Executor, siren: string, email: string, now: Date) {
  return db
    .selectFrom('jeton')
    .select(['created_at', 'expires_at'])
    .where('type', '=', 'invitation')
    .where('siren', '=', siren)
    .where('email', '=', email)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Voids the pending invitations of `siren` to `email` (a new one replaces them). */
export async function voidInvitations(db: Executor, siren: string, email: string, at: Date): Promise<void> {
  await db
    .updateTable('jeton')
    .set({ used_at: at })
    .where('type', '=', 'invitation')
    .where('siren', '=', siren)
    .where('email', '=', email)
    .where('used_at', 'is', null)
    .execute();
}
