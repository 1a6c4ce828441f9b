import type { AppContext } from '../../context.ts';
import { auditer } from '../audit.service.ts';

// Limits on the e-mails a stranger's request sends to someone else (a structure's users or
// reviewers, an address's owner): per SIREN or per address, whatever the IP, counted in
// `limite_tentative` (db/limite.repository.ts) so that every server process agrees.

/** The window of the per-SIREN and per-address limits (config demandesParStructure, demandesParAdresse). */
export const FENETRE_DEMANDES_MS = 24 * 3600_000;

/**
 * Whether a request counted `nombre`-th in its window (of FENETRE_DEMANDES_MS) stays within `max`.
 * The first one beyond (`max + 1`) goes to the security journal as `limite_depassee`, with
 * `details` plus `limite` and `fenetre_s`; later ones do not (one line a window). Nothing is said
 * to the requester: the caller answers the same either way.
 */
export async function dansLaLimite(
  ctx: AppContext,
  nombre: number,
  max: number,
  refus: { readonly cible: string; readonly ip?: string | null; readonly details: Record<string, unknown> },
): Promise<boolean> {
  if (nombre <= max) return true;
  if (nombre === max + 1)
    await auditer(ctx.db, ctx.now(), {
      evenement: 'limite_depassee',
      acteur: null,
      ip: refus.ip ?? null,
      cible: refus.cible,
      details: { ...refus.details, limite: max, fenetre_s: FENETRE_DEMANDES_MS / 1000 },
    });
  return false;
}
