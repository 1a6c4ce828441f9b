import type { Acteur } from './acteur.ts';
import type { Formation, Session } from './formation.schema.ts';

// Professional-only fields (issue 12 item 4, Auvergne guide: « bilans … shown to professionals
// only »): the progress reviews (bilans) of a session are for the organisations, the gestionnaires
// and the partners; anonymous readers, `read` API keys, the public pages and the open exports
// (CSV, XLSX, LHEO, change feed) never receive them — the field is absent, not emptied.

/** A reader of the open offer: anonymous, or an API key of scope `read`. */
export const lecteurPublic = (a: Acteur): boolean =>
  a.kind === 'anonyme' || (a.kind === 'cle' && a.scope === 'read');

/** The session as the public reader receives it: `bilans` removed. */
export function sessionPublique(s: Session): Session {
  const { bilans: _bilans, ...reste } = s;
  return reste;
}

/** The formation as the public reader receives it (same object when nothing is professional-only). */
export const formationPublique = (f: Formation): Formation => ({
  ...f,
  sessions: f.sessions.map(sessionPublique),
});

/** What `a` may receive of `f`. */
export const vuePour = (a: Acteur, f: Formation): Formation => (lecteurPublic(a) ? formationPublique(f) : f);
