import type { Formation, Session } from './formation.schema.ts';
import { FINANCEURS_PUBLICS } from './type-offre.ts';

// Who buys a training for the public (achat public: Région, France Travail, Agefiph), as the
// formation page says it (docs/conventionne.md). The OPCO (apprenticeship) is not a public funder.

/** The public funders of a session (FINANCEURS codes): its own financeur, else the formation's. */
export function financeursPublics(f: Formation, s: Session | null): string[] {
  if (s?.financeur) return FINANCEURS_PUBLICS.has(s.financeur) ? [s.financeur] : [];
  return f.financeurs.filter((x) => FINANCEURS_PUBLICS.has(x));
}

/**
 * Whether the sessions shown have different public funders (each one's is then said per session),
 * the funders when they are the same for all (the formation's when no session is shown), and
 * whether every session is publicly funded (`toutes`: « toutes les sessions sont financées »).
 */
export function financement(
  f: Formation,
  sessions: readonly Session[],
): { parSession: boolean; codes: string[]; toutes: boolean } {
  const par =
    sessions.length > 0 ? sessions.map((s) => financeursPublics(f, s)) : [financeursPublics(f, null)];
  const parSession = new Set(par.map((x) => x.join(','))).size > 1;
  return { parSession, codes: parSession ? [] : par[0]!, toutes: par.every((x) => x.length > 0) };
}
