import type {
  ContactAControler,
  FormationAControler,
  OrganismeAControler,
  ResultatControle,
  SessionAControler,
} from './types.ts';

// Rows of the formation, session and contact tables → what the rules read. One mapping for the
// stored formations (conformite.repository.ts reads the rows) and for a pending revision (the rows
// its validation would store, formation.lignes.ts): the review checks what validating would store.

/** A formation row, with the columns the rules read: each role as a SIRET and the role's UAI. */
export type FormationLue = Omit<
  FormationAControler,
  'responsable' | 'formateur' | 'contacts' | 'sessions'
> & {
  readonly responsable_siret: string | null;
  readonly formateur_siret: string | null;
  readonly responsable_uai: string | null;
  readonly formateur_uai: string | null;
};

/** A live (non-archived) session row; `saisie_le` is its creation day (YYYY-MM-DD, the Paris day: jourAParis). */
export type SessionLue = Omit<SessionAControler, 'contact'> & { readonly formation_id: string };

/** A contact row: a formation's (formation_id) or a session's (session_id). */
export interface ContactLu extends ContactAControler {
  readonly formation_id: string | null;
  readonly session_id: string | null;
}

const contact = (c: ContactAControler): ContactAControler => ({
  type: c.type,
  nom: c.nom,
  telephone: c.telephone,
  courriel: c.courriel,
});

const session = (s: SessionLue, c: ContactAControler | null): SessionAControler => ({
  id: s.id,
  debut: s.debut,
  fin: s.fin,
  etat_recrutement: s.etat_recrutement,
  code_postal: s.code_postal,
  commune: s.commune,
  cedex: s.cedex,
  code_insee: s.code_insee,
  uai_lieu: s.uai_lieu,
  lat: s.lat,
  lon: s.lon,
  financeur: s.financeur,
  numero_marche: s.numero_marche,
  date_notification_marche: s.date_notification_marche,
  saisie_le: s.saisie_le,
  contact: c,
});

/**
 * The establishment `siret` in one role of a formation: its known facts (`connus`, keyed by
 * SIRET; only its SIRET and SIREN when unknown), with the role's UAI on this formation (one SIRET
 * may have several UAIs: a lycée and its UFA).
 */
export function organismeDuRole(
  siret: string | null,
  uai: string | null,
  connus: ReadonlyMap<string, OrganismeAControler>,
): OrganismeAControler | null {
  if (!siret) return null;
  const o = connus.get(siret) ?? {
    siret,
    siren: siret.slice(0, 9),
    uai: null,
    nda: null,
    raison_sociale: null,
    code_insee: null,
    lat: null,
    lon: null,
    contacts: [],
  };
  return { ...o, uai };
}

/**
 * The formations as the rules read them, in `rows` order; each one's sessions in `sessions` order
 * (the rules' messages number them: start date, then id). `connus`: the establishments' facts.
 */
export function formationsAControler(
  rows: readonly FormationLue[],
  sessions: readonly SessionLue[],
  contacts: readonly ContactLu[],
  connus: ReadonlyMap<string, OrganismeAControler>,
): FormationAControler[] {
  const sessionContacts = new Map(
    contacts.filter((c) => c.session_id).map((c) => [c.session_id!, contact(c)]),
  );
  const formationContacts = new Map<string, ContactAControler[]>();
  for (const c of contacts)
    if (c.formation_id)
      (
        formationContacts.get(c.formation_id) ??
        formationContacts.set(c.formation_id, []).get(c.formation_id)!
      ).push(contact(c));
  const sessionsOf = new Map<string, SessionAControler[]>();
  for (const s of sessions)
    (sessionsOf.get(s.formation_id) ?? sessionsOf.set(s.formation_id, []).get(s.formation_id)!).push(
      session(s, sessionContacts.get(s.id) ?? null),
    );
  return rows.map((r) => ({
    id: r.id,
    cle_externe: r.cle_externe,
    siren_proprietaire: r.siren_proprietaire,
    statut: r.statut,
    intitule: r.intitule,
    objectif: r.objectif,
    code_rncp: r.code_rncp,
    code_cfd: r.code_cfd,
    responsable: organismeDuRole(r.responsable_siret, r.responsable_uai, connus),
    formateur: organismeDuRole(r.formateur_siret, r.formateur_uai, connus),
    formation_continue: r.formation_continue,
    contrat_professionnalisation: r.contrat_professionnalisation,
    contrat_apprentissage: r.contrat_apprentissage,
    annees_apprentissage: r.annees_apprentissage,
    duree_annees: r.duree_annees,
    financeurs: r.financeurs,
    contacts: formationContacts.get(r.id) ?? [],
    sessions: sessionsOf.get(r.id) ?? [],
  }));
}

/** Sessions in the stored order: start date (none last), then id (the loader's `order by debut, id`). */
export const ordreSessions = (
  a: { debut: string | null; id: string },
  b: { debut: string | null; id: string },
) =>
  a.debut === b.debut
    ? a.id < b.id
      ? -1
      : a.id > b.id
        ? 1
        : 0
    : a.debut === null
      ? 1
      : b.debut === null
        ? -1
        : a.debut < b.debut
          ? -1
          : 1;

/** What validating a revision changes in the failures: the rules it fixes and those it breaks. */
export interface EcartsControles {
  /** Codes failing on the diffused version, passing (or not applicable) on the revision. */
  readonly corrige: string[];
  /** Codes passing on the diffused version, failing on the revision. */
  readonly introduit: string[];
}

/** The rules a revision fixes and introduces, by code (a code fails when one of its results does). */
export function ecartsControles(
  diffusee: readonly Pick<ResultatControle, 'code' | 'resultat'>[],
  revision: readonly Pick<ResultatControle, 'code' | 'resultat'>[],
): EcartsControles {
  const enEchec = (rs: typeof diffusee) =>
    new Set(rs.filter((r) => r.resultat === 'echec').map((r) => r.code));
  const avant = enEchec(diffusee);
  const apres = enEchec(revision);
  return {
    corrige: [...avant].filter((c) => !apres.has(c)),
    introduit: [...apres].filter((c) => !avant.has(c)),
  };
}
