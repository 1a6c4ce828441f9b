import type { Formation, Session } from './formation.schema.ts';

// docs/produit.md « Diffusion »: a closed recruitment (état « fermé ») is no longer shown to the public,
// but is still exported to partners (API, LHEO, CSV, platform feeds keep it).

export const sessionsPubliques = (f: Formation): Session[] =>
  f.sessions.filter((s) => s.etat_recrutement !== 'ferme' && !s.retenue);

/**
 * The sessions diffused to partners (API keys, open exports, partner files): closed ones kept,
 * never one withheld by a bloquant rule of session scope (CONV_MARCHE_INCONNU, issue 12 item 3).
 */
export const sessionsDiffusees = (f: Formation): Session[] => f.sessions.filter((s) => !s.retenue);

/** Whether the session has ended on `aujourdhui` (YYYY-MM-DD): its end date is before that day. */
export const sessionTerminee = (s: Pick<Session, 'fin'>, aujourdhui: string): boolean =>
  !!s.fin && s.fin < aujourdhui;

/**
 * The sessions one can still join on `aujourdhui`: not ended (an ended one is listed apart on the
 * public page, « Sessions terminées »; the API and exports keep it, its dates saying it ended).
 */
export const sessionsEnCours = <S extends Pick<Session, 'fin'>>(
  sessions: readonly S[],
  aujourdhui: string,
): S[] => sessions.filter((s) => !sessionTerminee(s, aujourdhui));

/**
 * How the pages read a session's recruitment on `aujourdhui`: an ended session is `terminee`,
 * whatever its stored état, never advertised as open (RULES.md: SESSION_RECRUTEMENT only alerts
 * the organisme; the stored `etat_recrutement` stays data, as the API and exports give it).
 */
export const recrutementAffiche = (
  s: Pick<Session, 'fin' | 'etat_recrutement'>,
  aujourdhui: string,
): Session['etat_recrutement'] | 'terminee' =>
  sessionTerminee(s, aujourdhui) ? 'terminee' : s.etat_recrutement;

/** An ended session's label, as `recrutementAffiche` reads it (the pages' « terminee »). */
export const SESSION_TERMINEE = 'Session terminée';

/**
 * The recruitment a search card says for a formation's public sessions on `aujourdhui`: open if
 * one is open, else suspended if one is, else ended when every one has ended (`sessions` > 1:
 * plural), else closed. Labels: ETAT_RECRUTEMENT (domain/libelles.ts) and SESSION_TERMINEE.
 */
export function recrutementDeCarte(
  sessions: readonly Pick<Session, 'fin' | 'etat_recrutement'>[],
  aujourdhui: string,
): { etat: Session['etat_recrutement'] | 'terminee'; plusieurs: boolean } {
  const etats = sessions.map((s) => recrutementAffiche(s, aujourdhui));
  const etat = etats.includes('ouvert')
    ? 'ouvert'
    : etats.includes('suspendu')
      ? 'suspendu'
      : etats.length > 0 && etats.every((e) => e === 'terminee')
        ? 'terminee'
        : 'ferme';
  return { etat, plusieurs: etats.length > 1 };
}

/** Whether the public search and pages show this (already diffused) formation. */
export const montreeAuPublic = (f: Formation): boolean => sessionsPubliques(f).length > 0;

/**
 * A published offer that a blocking rule keeps out of diffusion: validated (statut `publiee`) but
 * Non réglementaire, so neither the API, the change feed, the exports nor the public search have
 * it (diffused = published and in the Catalogue général, PRODUCT.md « Diffusion »). Its owner's
 * pages say so rather than « Publiée » alone (a validated revision that failed a blocking rule).
 */
export const publieeHorsDiffusion = (o: { readonly statut: string; readonly catalogue: string | null }) =>
  o.statut === 'publiee' && o.catalogue === 'non_reglementaire';

/**
 * How an offer out of diffusion is said to be so, in one place for the pages and the e-mails:
 * « n’est plus diffusée » when it ever was diffused (`dejaDiffusee`: db/feed.repository.ts
 * aEteDiffusee), « n’est pas diffusée » when it never was (validated Non réglementaire at once).
 */
export const nEstPasDiffusee = (dejaDiffusee: boolean): string =>
  dejaDiffusee ? 'n’est plus diffusée' : 'n’est pas diffusée';

/**
 * What an offer out of diffusion becomes once a revision is validated without a blocking rule
 * failing: « de nouveau diffusée » if it ever was diffused, else « diffusée ».
 */
export const rediffusee = (dejaDiffusee: boolean): string =>
  dejaDiffusee ? 'de nouveau diffusée' : 'diffusée';

/**
 * What will keep an offer sent for validation from diffusion, from its failing rules (`echecs`,
 * with RULES.md's severities) and the catalogue they put it in: `hors_catalogue` (Non réglementaire:
 * diffused nowhere), `sessions` (a blocking rule of session scope: those sessions withheld),
 * `plateformes` (only platform rules: diffused, but not sent to Parcoursup and Affelnet); null when
 * nothing keeps it. `bloquantes` and `plateforme`: the failing rules of each kind, in order.
 */
export function avisAvantEnvoi<E extends { readonly severite: string }>(
  echecs: readonly E[],
  catalogue: string | null,
): { cas: 'hors_catalogue' | 'sessions' | 'plateformes'; bloquantes: E[]; plateforme: E[] } | null {
  const bloquantes = echecs.filter((r) => r.severite === 'bloquant');
  const plateforme = echecs.filter((r) => r.severite === 'plateforme');
  const cas =
    catalogue === 'non_reglementaire'
      ? 'hors_catalogue'
      : bloquantes.length
        ? 'sessions'
        : plateforme.length
          ? 'plateformes'
          : null;
  return cas ? { cas, bloquantes, plateforme } : null;
}
