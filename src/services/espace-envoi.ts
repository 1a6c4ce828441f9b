import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/executor.ts';
import { deleteFormulairesEnvoiAvant } from '../db/formulaire-envoi.repository.ts';

// The one-time token of the new-formation form (migration 1040, docs/espace.md): a double
// submission of « Enregistrer le brouillon » (double click, several tabs, Back then send again)
// creates one formation. Everything lives in PostgreSQL: several processes may serve the POSTs.

/**
 * How long a token is kept (docs/exploitation.md): far beyond a form's life — a page posts only
 * within a signed-in session (12 hours at most) — so that Back then send again, even days later,
 * still leads to the formation created; older ones are purged at each creation.
 */
export const RETENTION_FORMULAIRE_ENVOI_JOURS = 30;

/** Deletes the tokens older than the retention; returns how many (one indexed statement). */
export function purgeFormulairesEnvoi(ctx: AppContext): Promise<number> {
  const avant = new Date(ctx.now().getTime() - RETENTION_FORMULAIRE_ENVOI_JOURS * 86_400_000);
  return deleteFormulairesEnvoiAvant(ctx.db, avant);
}

/** A new form's token: 128 random bits, URL-safe. */
export const nouveauJeton = () => randomBytes(16).toString('base64url');

/** A token as the form posts it, or null when absent or not one `nouveauJeton` could have made. */
export function jetonLu(v: unknown): string | null {
  return typeof v === 'string' && /^[A-Za-z0-9_-]{16,64}$/.test(v) ? v : null;
}

/** The formation already created with `jeton` by `siren` (committed), if any. */
export async function formationDuJeton(db: Executor, siren: string, jeton: string): Promise<string | null> {
  const r = await db
    .selectFrom('formulaire_envoi')
    .select('formation_id')
    .where('jeton', '=', jeton)
    .where('siren', '=', siren)
    .executeTakeFirst();
  return r?.formation_id ?? null;
}

/**
 * Takes `jeton` inside the creating transaction `trx`, before anything is written: true when it
 * is this request's to use. A concurrent request holding it makes this one wait for its end (the
 * primary key); once that one committed, false: the caller reads `formationDuJeton` and creates
 * nothing. If that one rolled back (a refused form), the token is free again and taken here.
 */
export async function prendreJeton(trx: Executor, siren: string, jeton: string): Promise<boolean> {
  const r = await trx
    .insertInto('formulaire_envoi')
    .values({ jeton, siren })
    .onConflict((oc) => oc.column('jeton').doNothing())
    .returning('jeton')
    .executeTakeFirst();
  return !!r;
}

/** Records the formation `jeton` created (same transaction as `prendreJeton`). */
export async function noterFormation(trx: Executor, jeton: string, formationId: string): Promise<void> {
  await trx
    .updateTable('formulaire_envoi')
    .set({ formation_id: formationId })
    .where('jeton', '=', jeton)
    .execute();
}
