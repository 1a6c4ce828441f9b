import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/executor.ts';
import {
  deleteFormulairesEnvoiAvant,
  findFormulaireEnvoi,
  setFormulaireEnvoiFormation,
  takeFormulaireEnvoi,
} from '../db/formulaire-envoi.repository.ts';

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
export function formationDuJeton(db: Executor, siren: string, jeton: string): Promise<string | null> {
  return findFormulaireEnvoi(db, siren, jeton);
}

/**
 * Takes `jeton` inside the creating transaction `trx`, before anything is written, in one
 * statement: `null` when it is this request's to use; else the formation it created (a
 * concurrent request holding it makes this one wait for its end; once that one committed, the
 * caller creates nothing and leads to it), or `false` for a token that is not this SIREN's (the
 * formation is created without it). If the holder rolled back (a refused form), the token is
 * free again and taken here.
 */
export async function prendreJeton(
  trx: Executor,
  siren: string,
  jeton: string,
): Promise<string | false | null> {
  const r = await takeFormulaireEnvoi(trx, siren, jeton);
  return r.pris ? null : (r.formation ?? false);
}

/** Records the formation `jeton` created (same transaction as `prendreJeton`). */
export function noterFormation(trx: Executor, jeton: string, formationId: string): Promise<void> {
  return setFormulaireEnvoiFormation(trx, jeton, formationId);
}
