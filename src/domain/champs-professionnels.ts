import type { Acteur } from './acteur.ts';
import { sessionsDiffusees, sessionsPubliques } from './diffusion.ts';
import type { Formation, Session } from './formation.schema.ts';

// What each reader receives of a formation (docs/recherche.md « Vue professionnelle »,
// docs/conventionne.md « Champs réservés aux professionnels »):
// - `public` (anonymous readers, public pages): no closed session (PRODUCT.md « Diffusion »: a
//   closed recruitment is no longer shown to the public) and no bilans;
// - `partenaire` (API keys of scope `read`: consumer systems): closed sessions kept (a closed
//   recruitment is still exported to partners), no bilans (issue 12 item 4);
// - `professionnel` (signed-in users but organisations, `write` and `admin` keys): everything —
//   closed sessions, bilans, information meetings and session contacts of every session.
// A signed-in organisation (role organisme) reads the others' offers in the `public` view
// (docs/recherche.md), and its own offers whole.
// Professional-only fields are absent, not emptied.

export type Vue = 'public' | 'partenaire' | 'professionnel';

/** The view `a` receives through the API (and the change feed). */
export function vueDe(a: Acteur): Vue {
  if (a.kind === 'anonyme') return 'public';
  if (a.kind === 'cle' && a.scope === 'read') return 'partenaire';
  if (a.kind === 'utilisateur' && a.role === 'organisme') return 'public';
  return 'professionnel';
}

/** The organisation user's own SIREN, whose offers it reads whole; null for any other reader. */
export const sirenOrganisme = (a: Acteur): string | null =>
  a.kind === 'utilisateur' && a.role === 'organisme' ? a.siren : null;

/** The view `a` receives of an offer owned by `sirenProprietaire` (its own offers: whole). */
export function vueSur(a: Acteur, sirenProprietaire: string | null): Vue {
  const s = sirenOrganisme(a);
  return s !== null && s === sirenProprietaire ? 'professionnel' : vueDe(a);
}

/** A reader of the open offer: anonymous, or an API key of scope `read` (no bilans). */
export const lecteurPublic = (a: Acteur): boolean => vueDe(a) !== 'professionnel';

/**
 * Who sees the professional view of the public search and formation pages: signed-in prescripteurs,
 * gestionnaires and administrators (PRODUCT.md « Prescripteur »). Organisations and instructeurs
 * see the public pages as everyone does (their own spaces show their offers).
 */
export const seesVueProfessionnelle = (a: Acteur): boolean =>
  a.kind === 'utilisateur' && (a.role === 'prescripteur' || a.role === 'gestionnaire' || a.role === 'admin');

/** A session's fields for professionals only: absent from the `public` and `partenaire` views. */
export const CHAMPS_SESSION_PROFESSIONNELS = ['bilans'] as const satisfies readonly (keyof Session)[];

/** The session without its professional-only fields (CHAMPS_SESSION_PROFESSIONNELS). */
export function sessionPublique(s: Session): Session {
  const reste = { ...s };
  for (const c of CHAMPS_SESSION_PROFESSIONNELS) delete reste[c];
  return reste;
}

/** The formation in view `vue` (same object for `professionnel`). */
export function formationVue(f: Formation, vue: Vue): Formation {
  if (vue === 'professionnel') return f;
  const sessions = vue === 'public' ? sessionsPubliques(f) : sessionsDiffusees(f);
  return { ...f, sessions: sessions.map(sessionPublique) };
}

/** What `a` may receive of `f`. */
export const vuePour = (a: Acteur, f: Formation): Formation => formationVue(f, vueDe(a));
