import type {
  CertificationFact,
  CommuneAncienneFact,
  CommuneFact,
  EtablissementFact,
  HabilitationFact,
  ListeMarches,
  LoadedReferences,
  MefFact,
  OrganismeDeclareFact,
  Provenance,
} from '../referentiel.ts';

// What the conformity rules read and return. Everything here is plain data: the loader in
// src/db builds it with a few batched queries, tests build it by hand through the same types.

export type Severite = 'bloquant' | 'plateforme' | 'alerte';
export type Resultat = 'passe' | 'echec' | 'non_applicable';

export interface ContactAControler {
  readonly type: string;
  readonly nom: string | null;
  readonly telephone: string | null;
  readonly courriel: string | null;
}

export interface OrganismeAControler {
  readonly siret: string;
  readonly siren: string;
  readonly uai: string | null;
  readonly nda: string | null;
  readonly raison_sociale: string | null;
  readonly code_insee: string | null;
  /** Known more precisely than the Sirene commune (e.g. geocoded address). */
  readonly lat: number | null;
  readonly lon: number | null;
  readonly contacts: readonly ContactAControler[];
}

export interface SessionAControler {
  readonly id: string;
  readonly debut: string | null;
  readonly fin: string | null;
  readonly etat_recrutement: string;
  readonly code_postal: string | null;
  readonly commune: string | null;
  /** The place's « Cedex » field (« CEDEX 9 »), the mention of a CEDEX postal code; null when none. */
  readonly cedex: string | null;
  readonly code_insee: string | null;
  readonly uai_lieu: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly financeur: string | null;
  readonly numero_marche: string | null;
  readonly date_notification_marche: string | null;
  /** Date (YYYY-MM-DD) the session was entered. */
  readonly saisie_le: string;
  readonly contact: ContactAControler | null;
}

export interface FormationAControler {
  readonly id: string;
  readonly cle_externe: string | null;
  readonly siren_proprietaire: string;
  readonly statut: string;
  readonly intitule: string | null;
  readonly objectif: string | null;
  readonly code_rncp: string | null;
  readonly code_cfd: string | null;
  readonly responsable: OrganismeAControler | null;
  readonly formateur: OrganismeAControler | null;
  readonly formation_continue: boolean | null;
  readonly contrat_professionnalisation: boolean | null;
  readonly contrat_apprentissage: boolean | null;
  readonly annees_apprentissage: readonly number[];
  readonly duree_annees: number | null;
  /** Funders of the whole action (docs/contrat.md `financeurs`); sessions carry their own. */
  readonly financeurs: readonly string[];
  readonly contacts: readonly ContactAControler[];
  readonly sessions: readonly SessionAControler[];
}

/** The reference facts a batch of formations needs, indexed for lookup. */
export interface FaitsReference {
  readonly charges: LoadedReferences;
  /** Keyed by code: 'RNCP12345', 'RS1234' or a CFD. */
  readonly certifications: ReadonlyMap<string, CertificationFact>;
  /** Keyed by certification code; the rows of the formations' responsable and formateur suffice. */
  readonly habilitations: ReadonlyMap<string, readonly HabilitationFact[]>;
  /** Keyed by CFD. */
  readonly mef: ReadonlyMap<string, readonly MefFact[]>;
  /** Keyed by SIRET. */
  readonly etablissements: ReadonlyMap<string, EtablissementFact>;
  /** Keyed by SIRET and by SIREN (both indexes hold every row). */
  readonly organismesDeclaresParSiret: ReadonlyMap<string, readonly OrganismeDeclareFact[]>;
  readonly organismesDeclaresParSiren: ReadonlyMap<string, readonly OrganismeDeclareFact[]>;
  /** Keyed by INSEE code, and by postal code. */
  readonly communesParInsee: ReadonlyMap<string, readonly CommuneFact[]>;
  readonly communesParCodePostal: ReadonlyMap<string, readonly CommuneFact[]>;
  /** Delegated and associated communes, keyed by their current commune's code and by their own former code. */
  readonly communesAnciennes: ReadonlyMap<string, readonly CommuneAncienneFact[]>;
  /**
   * Funders' lists of markets, keyed by financeur code ('region'...): only the financeurs whose
   * list has been imported are keys (no key: CONV_MARCHE_INCONNU is not applicable to them).
   */
  readonly marches: ReadonlyMap<string, ListeMarches>;
  /** Live formations' sessions by group (responsable, certification codes, formateur) and place (FORM_DOUBLON). */
  readonly voisines: IndexVoisines;
  /**
   * Keyed by SIRET: the name Offre knows for each responsable and formateur of the batch
   * (organisme-nom.ts nomsConnus), absent when none; messages name an organisme with it.
   */
  readonly noms: ReadonlyMap<string, string>;
}

/** One non-archived session of a live formation, as FORM_DOUBLON compares it. */
export interface SessionVoisine {
  readonly formation_id: string;
  readonly intitule: string | null;
  readonly cle_externe: string | null;
  readonly debut: string | null;
  readonly fin: string | null;
}

/**
 * Group key (responsable SIRET, RNCP code, CFD, formateur SIRET) → INSEE code → the sessions of
 * the group's live formations at that place, in formation id order.
 */
export type IndexVoisines = ReadonlyMap<string, ReadonlyMap<string, readonly SessionVoisine[]>>;

export interface CampagneAControler {
  readonly annee: number;
  readonly fenetre_debut: string;
  readonly fenetre_fin: string;
}

export interface ContexteControle {
  readonly faits: FaitsReference;
  readonly campagne: CampagneAControler;
  /** Today (YYYY-MM-DD). */
  readonly aujourdhui: string;
}

/** One fact a reference run asserted, cited by a result. */
export interface Preuve {
  readonly kind: string;
  readonly fichier: string;
  /** The file's own date 'YYYY-MM-DD', null when unknown; the import date apart. */
  readonly date: string | null;
  readonly importe_le: string;
  readonly run_id: number;
  readonly fait: string;
}

export interface ResultatControle {
  readonly code: string;
  readonly severite: Severite;
  readonly resultat: Resultat;
  readonly champ: string | null;
  readonly message: string;
  readonly preuves: readonly Preuve[];
  /** FORM_DOUBLON's failure: the id of the formation it names (stored, never shown on its own). */
  readonly formation_liee?: string;
}

export type Provenant = Provenance | null | undefined;
