import type { Formation, Session } from './formation.schema.ts';
import { FINANCEURS_PUBLICS } from './type-offre.ts';

// Who buys a training for the public (achat public: Région, France Travail, Agefiph), as the
// formation page says it and the CONV_* rules check it (docs/conventionne.md « Qui finance une
// session »). The OPCO (apprenticeship) is not a public funder.

/** What financeursPublics reads of a formation (the API shape and the rules' shape both fit). */
export interface ActionFinancee {
  readonly financeurs: readonly string[];
}
/** What financeursPublics reads of a session. */
export interface SessionFinancee {
  readonly financeur?: string | null;
}

/**
 * The public funders of a session (FINANCEURS codes, the action's order): its own financeur when it
 * names one (none when that one is not public, e.g. `opco`), else the action's public funders.
 * `s` null: the action's. The one answer to « what finances this session »: the public page
 * (« Financement »), CONV_MARCHE, CONV_CONTACT and CONV_DELAI read it.
 */
export function financeursPublics(f: ActionFinancee, s: SessionFinancee | null): string[] {
  if (s?.financeur) return FINANCEURS_PUBLICS.has(s.financeur) ? [s.financeur] : [];
  return f.financeurs.filter((x) => FINANCEURS_PUBLICS.has(x));
}

/** Whether the session's public funder is inherited from the action (it names none of its own). */
export const financeurDeLAction = (f: ActionFinancee, s: SessionFinancee): boolean =>
  !s.financeur && financeursPublics(f, s).length > 0;

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
