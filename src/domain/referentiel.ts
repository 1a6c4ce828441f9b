// Reference facts as the conformity rules read them. Importers (src/referentiels) store them;
// src/db/referentiel.repository.ts loads them for a set of formations. Each fact cites its run.

export interface Provenance {
  readonly run_id: number;
  readonly kind: string;
  readonly fichier: string;
  /** The file's own date 'YYYY-MM-DD' (its name, its zip members), null when nothing says it. */
  readonly date: string | null;
  /** When it was imported (ISO timestamp). */
  readonly importe_le: string;
}

export interface CertificationFact {
  readonly type: 'rncp' | 'rs' | 'cfd';
  readonly code: string; // 'RNCP12345', 'RS1234' or an 8-character CFD
  readonly intitule: string | null;
  readonly niveau: string | null; // '3'..'8' (nouvelle nomenclature)
  readonly type_diplome: string | null; // 'BTS', 'CAP', 'BAC PRO', 'TP', ...
  readonly type_enregistrement: 'droit' | 'sur_demande' | null;
  readonly actif: boolean | null;
  readonly date_debut: string | null;
  readonly date_fin: string | null; // RNCP DATE_FIN_ENREGISTREMENT or BCN DATE_FERMETURE
  readonly ouvert_apprentissage: boolean | null;
  readonly successeurs: readonly string[];
  readonly provenance: Provenance | null;
}

export interface HabilitationFact {
  readonly code: string;
  readonly siret: string;
  readonly role: 'certificateur' | 'partenaire';
  readonly habilitation: string | null; // HABILITATION_FORMER, HABILITATION_ORGA_FORM, HABILITATION_PARTENARIAT...
  readonly actif: boolean;
  readonly provenance: Provenance | null;
}

export interface MefFact {
  readonly mef: string;
  readonly cfd: string;
  readonly duree: number | null;
  readonly annee: number | null;
}

export interface EtablissementFact {
  readonly siret: string;
  readonly siren: string;
  readonly etat: 'A' | 'F';
  readonly code_commune: string | null;
  readonly provenance: Provenance | null;
}

export interface OrganismeDeclareFact {
  readonly nda: string;
  readonly siren: string;
  readonly siret: string | null;
  readonly qualiopi_apprentissage: boolean;
  readonly provenance: Provenance | null;
}

export interface CommuneFact {
  readonly code_insee: string;
  readonly code_postal: string;
  readonly nom: string;
  readonly lat: number | null;
  readonly lon: number | null;
}

/**
 * A delegated or associated commune (communes nouvelles, communes associées): a former commune
 * whose name people still write on places. From the COG via @etalab/decoupage-administratif
 * (`commune-deleguee`, `commune-associee`) and the `COMD` rows of a communes file.
 */
export interface CommuneAncienneFact {
  /** The current commune it belongs to (its chef-lieu). */
  readonly code_insee: string;
  readonly nom: string;
  /** Its own former INSEE code when known (may equal code_insee for the chef-lieu's delegated commune). */
  readonly code_insee_ancien: string | null;
  readonly statut: 'deleguee' | 'associee';
}

/** A market of a funder's list (référentiel « marches »: CSV of the funder; dates 'YYYY-MM-DD'). */
export interface MarcheFact {
  readonly financeur: string;
  /** Upper case, no blanks. */
  readonly numero: string;
  /** SIRET or SIREN of the organisation holding the market. */
  readonly organisme: string | null;
  readonly intitule: string | null;
  readonly date_debut: string | null;
  readonly date_fin: string | null;
  readonly date_notification: string | null;
}

/** One financeur's loaded list: the run it comes from and the markets the batch's sessions name. */
export interface ListeMarches {
  readonly provenance: Provenance;
  /** Keyed by normalised market number (see normalizeNumeroMarche). */
  readonly parNumero: ReadonlyMap<string, MarcheFact>;
}

export { normalizeNumeroMarche } from './marche.ts';

/** Which references are loaded at all (a rule whose reference is absent is non_applicable). */
export interface LoadedReferences {
  readonly rncp: Provenance | null;
  readonly bcn: Provenance | null;
  readonly mef: Provenance | null;
  readonly sirene: Provenance | null;
  readonly lpof: Provenance | null;
  readonly acce: Provenance | null;
  readonly communes: Provenance | null;
}
