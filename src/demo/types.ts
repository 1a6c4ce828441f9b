// Shapes produced by the demo generator: plain rows named after the store's columns, so the bulk
// repository writes them without a mapping layer.
import type { Famille } from './certifications.data.ts';

export interface DemoContact {
  readonly type: 'referent_handicap' | 'pedagogique' | 'accueil' | 'referent_apprentissage' | 'autre';
  readonly nom: string | null;
  readonly telephone: string | null;
  readonly courriel: string | null;
}

/** What is deliberately wrong with an organisme in the reference facts. */
export type OrganismeDefaut =
  | 'ferme'
  | 'sans_qualiopi'
  | 'sans_nda'
  | 'sans_referent'
  | 'uai_invalide'
  | 'non_habilite';

export interface DemoOrganisme {
  readonly siret: string;
  readonly siren: string;
  readonly raison_sociale: string;
  readonly nda: string | null;
  readonly uai: string | null;
  readonly adresse: string;
  readonly code_postal: string;
  readonly commune: string;
  readonly code_insee: string;
  readonly lat: number;
  readonly lon: number;
  readonly famille: Famille;
  readonly communeIndex: number;
  readonly defaut: OrganismeDefaut | null;
  readonly contacts: readonly DemoContact[];
}

export interface DemoEvenement {
  readonly type: 'reunion_information' | 'bilan';
  readonly date: string;
  readonly lieu: string | null;
  readonly libelle: string;
}

export interface DemoSession {
  readonly id: string;
  readonly debut: string | null;
  readonly fin: string | null;
  readonly etat_recrutement: 'ouvert' | 'suspendu' | 'ferme';
  readonly capacite: number | null;
  readonly entree_sortie: 'dates_fixes' | 'permanente';
  readonly adresse: string | null;
  readonly code_postal: string | null;
  readonly commune: string | null;
  readonly code_insee: string | null;
  readonly code_departement: string | null;
  readonly code_region: string | null;
  readonly uai_lieu: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly financeur: 'region' | 'france_travail' | 'agefiph' | null;
  readonly numero_marche: string | null;
  readonly date_notification_marche: string | null;
  readonly contact: DemoContact | null;
  readonly evenements: readonly DemoEvenement[];
}

/** What is deliberately wrong with a formation (null: a compliant offer). */
export type FormationDefaut =
  | 'siret_ferme'
  | 'cert_expiree'
  | 'sans_referent'
  | 'duree'
  | 'champs_manquants'
  | 'session_decoupee'
  | 'sans_qualiopi'
  | 'non_habilite'
  | 'marche'
  | 'uai';

export type DemoStatut = 'brouillon' | 'en_attente_validation' | 'a_corriger' | 'publiee' | 'archivee';

export interface DemoFormation {
  readonly id: string;
  readonly cle_externe: string;
  readonly siren_proprietaire: string;
  readonly intitule: string;
  readonly objectif: string | null;
  readonly contenu: string | null;
  readonly url: string | null;
  readonly code_rncp: string | null;
  readonly code_cfd: string | null;
  readonly responsable_siret: string;
  readonly formateur_siret: string | null;
  readonly mandataire_siret: string | null;
  /** Each role's UAI on this formation (the organisme's). */
  readonly responsable_uai: string | null;
  readonly formateur_uai: string | null;
  readonly mandataire_uai: string | null;
  readonly formation_continue: boolean;
  readonly contrat_professionnalisation: boolean;
  readonly contrat_apprentissage: boolean;
  readonly annees_apprentissage: readonly number[];
  readonly duree_annees: number;
  readonly financeurs: readonly string[];
  readonly statut: DemoStatut;
  readonly commentaire_gestionnaire: string | null;
  /** Creation time, deterministic (ms since epoch). */
  readonly created_at: number;
  readonly contacts: readonly DemoContact[];
  readonly sessions: readonly DemoSession[];
  readonly defaut: FormationDefaut | null;
  /** Whether a blocking rule is expected to fail (used only while no conformity engine computes it). */
  readonly bloquant: boolean;
}
