import type { ColumnType, Generated } from 'kysely';
import type { Acteur, Role } from '../domain/acteur.ts';
import type { Statut } from '../domain/formation.schema.ts';
import type { OrigineImport } from '../domain/import-origine.ts';
import type { Decision, Plateforme, StatutPlateforme } from '../domain/plateforme.ts';

// Kysely table types: mirror the migrations in ./migrations (SQL is the source).
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A date column read as 'YYYY-MM-DD'. */
type DateStr = string;

export interface OrganismeTable {
  siret: string;
  siren: string;
  raison_sociale: string | null;
  enseigne: string | null;
  nda: string | null;
  uai: string | null;
  adresse: string | null;
  code_postal: string | null;
  commune: string | null;
  code_insee: string | null;
  lat: number | null;
  lon: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CampagneTable {
  annee: number;
  libelle: string;
  ouverture_collecte: DateStr | null;
  retour_attendu: DateStr | null;
  transmission_catalogue: DateStr | null;
  fermeture_affelnet: DateStr | null;
  ouverture_parcoursup: DateStr | null;
  fermeture_parcoursup: DateStr | null;
  fenetre_debut: DateStr;
  fenetre_fin: DateStr;
  courante: Generated<boolean>;
  modifie_par: string | null;
  modifie_le: Timestamp | null;
}

/** A région's own collection dates for a campaign (overriding the national defaults). */
export interface CampagneRegionTable {
  annee: number;
  region: string;
  ouverture_collecte: DateStr | null;
  retour_attendu: DateStr | null;
  transmission_catalogue: DateStr | null;
  modifie_par: string;
  modifie_le: Timestamp;
}

export interface FormationTable {
  id: string;
  cle_externe: string | null;
  siren_proprietaire: string;
  intitule: string | null;
  objectif: string | null;
  contenu: string | null;
  url: string | null;
  code_rncp: string | null;
  code_cfd: string | null;
  code_certifinfo: string | null;
  responsable_siret: string | null;
  formateur_siret: string | null;
  mandataire_siret: string | null;
  /** The UAI of the establishment in each role on this formation (migration 0670; null: none). */
  responsable_uai: Generated<string | null>;
  formateur_uai: Generated<string | null>;
  mandataire_uai: Generated<string | null>;
  formation_continue: boolean | null;
  contrat_professionnalisation: boolean | null;
  contrat_apprentissage: boolean | null;
  annees_apprentissage: Generated<number[]>;
  duree_annees: number | null;
  financeurs: Generated<string[]>;
  statut: Generated<Statut>;
  statut_avant_suppression: Statut | null;
  commentaire_gestionnaire: string | null;
  catalogue: string | null;
  certifiee: boolean | null;
  parcoursup: Generated<string>;
  affelnet: Generated<string>;
  validee_at: Timestamp | null;
  validee_par: string | null;
  version: Generated<number>;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string;
}

/** The JSON texts the API serves of a formation (migration 0750, services/formation-document.ts). */
export interface FormationDocumentTable {
  formation_id: string;
  professionnel: string;
  /** null: same text as `professionnel`. */
  partenaire: string | null;
  /** null: same text as `partenaire`. */
  public: string | null;
}

export interface FormationRevisionTable {
  id: string;
  formation_id: string;
  payload: Json;
  /** 'en_attente_validation' | 'a_corriger' while open (domain/workflow.ts StatutRevision), then decided. */
  statut: Generated<'en_attente_validation' | 'a_corriger' | 'validee' | 'abandonnee'>;
  commentaire: string | null;
  created_at: Timestamp;
  created_by: string;
  decided_at: Timestamp | null;
  decided_by: string | null;
  /** INSEE régions of the payload's sessions (domain/formation.lignes.ts regionsDeSessions; migration 1000). */
  code_regions: Generated<string[]>;
}

export interface SessionTable {
  id: string;
  formation_id: string;
  cle_externe: string | null;
  debut: DateStr | null;
  fin: DateStr | null;
  etat_recrutement: Generated<string>;
  capacite: number | null;
  entree_sortie: string | null;
  adresse: string | null;
  code_postal: string | null;
  commune: string | null;
  cedex: string | null;
  code_insee: string | null;
  code_departement: string | null;
  code_region: string | null;
  uai_lieu: string | null;
  lat: number | null;
  lon: number | null;
  financeur: string | null;
  numero_marche: string | null;
  date_notification_marche: DateStr | null;
  diffusee_at: Timestamp | null;
  archivee: Generated<boolean>;
  /** Withheld from diffusion by a bloquant rule of session scope (migration 0440). */
  retenue: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionEvenementTable {
  id: Generated<number>;
  session_id: string;
  type: string;
  date: DateStr | null;
  lieu: string | null;
  libelle: string | null;
}

export interface ContactTable {
  id: Generated<number>;
  formation_id: string | null;
  session_id: string | null;
  organisme_siret: string | null;
  type: Generated<string>;
  nom: string | null;
  telephone: string | null;
  courriel: string | null;
}

export interface UtilisateurTable {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  siren: string | null;
  nom: string | null;
  regions: Generated<string[]>;
  academies: Generated<string[]>;
  actif: Generated<boolean>;
  doit_changer_mot_de_passe: Generated<boolean>;
  password_changed_at: Timestamp | null;
  created_at: Timestamp;
}

export interface StructureTable {
  siren: string;
  raison_sociale: string;
  region: string | null;
  /** 'en_attente', 'active' or 'refusee' (kept only for the accounts an administrator attached). */
  statut: string;
  created_at: Timestamp;
  decided_at: Timestamp | null;
  decided_by: string | null;
  /** The account its sign-up created (the one a refusal removes); null when none (migration 1047). */
  demandeur: string | null;
}

export interface StructureEtablissementTable {
  siren: string;
  siret: string;
}

export interface ConnexionTable {
  token_hash: string;
  utilisateur_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface JetonTable {
  token_hash: string;
  type: string;
  utilisateur_id: string | null;
  email: string;
  siren: string | null;
  cree_par: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface CourrielTable {
  id: string;
  destinataire: string;
  modele: string;
  sujet: string;
  texte: string | null;
  statut: string;
  erreur: string | null;
  created_at: Timestamp;
  envoye_at: Timestamp | null;
  /** Attempts made so far (migration 1300). */
  tentatives: Generated<number>;
  /** When a waiting message may be tried (again): a sender's lease, or the backoff after a failure. */
  prochain_essai_at: Timestamp | null;
}

export interface NotificationTable {
  id: string;
  utilisateur_id: string;
  titre: string;
  texte: string;
  lien: string | null;
  created_at: Timestamp;
  lue_at: Timestamp | null;
}

export interface LimiteTentativeTable {
  cle: string;
  nombre: number;
  fin: Timestamp;
}

export interface SecretServeurTable {
  nom: string;
  valeur: string;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  prefix: string;
  hash: string;
  scope: string;
  siren: string | null;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
  /** After this instant the key is refused (401), like a revoked one. */
  expires_at: Timestamp | null;
  /** Who created / revoked the key (`acteurLabel`). */
  created_by: string | null;
  revoked_by: string | null;
  /** Requests per window granted by an administrator (null: the configured default). */
  quota_lecture: number | null;
  quota_ecriture: number | null;
  /** The partner profiles whose files the key may read (migration 0441). */
  profils: Generated<string[]>;
}

/** A partner file written for a profile (migration 0441, services/partenaires.service.ts). */
export interface FichierPartenaireTable {
  id: string;
  profil: string;
  nom: string;
  format: string;
  type_contenu: string;
  cree_le: Timestamp;
  formations: number;
  sessions: number;
  octets: number;
  sha256: string;
  contenu: Uint8Array;
}

/** Each address a key was used from, first time (a new one is an audit event). */
export interface ApiKeyIpTable {
  api_key_id: string;
  ip: string;
  premier_usage: Timestamp;
}

/** One security event (services/audit.service.ts): never a password nor a key. */
export interface AuditSecuriteTable {
  id: Generated<string>;
  at: Timestamp;
  evenement: string;
  /** `acteurLabel` of who acted or tried (an e-mail as typed for a failed sign-in). */
  acteur: string | null;
  ip: string | null;
  /** What the event is about: a key id, an account e-mail, a path. */
  cible: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface ApiUsageTable {
  api_key_id: string;
  jour: DateStr;
  appels: Generated<number>;
}

export interface HistoriqueTable {
  id: Generated<number>;
  formation_id: string | null;
  entite: string;
  entite_id: string;
  action: string;
  acteur: string;
  at: Timestamp;
  diff: Json;
  /** The import that made the write: 'lheo', 'classeur'; null otherwise (migration 0990). */
  origine: string | null;
}

export interface FeedCounterTable {
  id: number;
  seq: number;
}

/** Numbers of the change feed lost at a restore (migration 1290). */
export interface FluxRuptureTable {
  id: Generated<number>;
  de: number;
  a: number;
  at: Date;
  etat_du: Date | null;
  estimee: boolean;
}

export interface ChangeEventTable {
  seq: number;
  type: string;
  entite_id: string;
  action: string;
  at: Timestamp;
  /** In the diffusion just after the event (migration 0400); null when unknown (bulk loads). */
  diffusee: boolean | null;
  /** Shown to the public just after the event: diffused with a session open (migration 1130); null when unknown. */
  publique: boolean | null;
}

export interface RefRunTable {
  id: Generated<number>;
  kind: string;
  jeu: Generated<string>;
  format: string | null;
  fichier: string;
  hash: string;
  date_fichier: Timestamp | null;
  lignes_lues: Generated<number>;
  lignes_gardees: Generated<number>;
  lignes_rejetees: Generated<number>;
  duree_ms: number | null;
  force: Generated<boolean>;
  diff: Json | null;
  impact: Json | null;
  rejets: Json | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface CertificationTable {
  type: string;
  code: string;
  intitule: string | null;
  niveau: string | null;
  type_diplome: string | null;
  type_enregistrement: string | null;
  actif: boolean | null;
  date_debut: DateStr | null;
  date_fin: DateStr | null;
  ouvert_apprentissage: boolean | null;
  successeurs: Generated<string[]>;
  predecesseurs: Generated<string[]>;
  certifinfo: string | null;
  nsf: Generated<string[]>;
  rome: Generated<string[]>;
  /** The labels of `rome`, same order (RNCP Codes_Rome_Libelle, XML CODES_ROME/ROME/LIBELLE; migration 1120). */
  rome_libelles: Generated<string[]>;
  formacodes: Generated<string[]>;
  jeu: Generated<string>;
  run_id: number | null;
}

export interface CertificationLienTable {
  cfd: string;
  rncp: string;
  run_id: number | null;
}

export interface CertificationHabilitationTable {
  code: string;
  siret: string;
  role: string;
  habilitation: string | null;
  nom: string | null;
  actif: Generated<boolean>;
  date_debut: DateStr | null;
  date_fin: DateStr | null;
  run_id: number | null;
}

export interface DiplomeMefTable {
  mef: string;
  cfd: string;
  duree: number | null;
  annee: number | null;
  run_id: number | null;
}

export interface EtablissementTable {
  siret: string;
  siren: string;
  etat: string;
  denomination: string | null;
  code_commune: string | null;
  code_postal: string | null;
  run_id: number | null;
}

export interface OrganismeDeclareTable {
  nda: string;
  siren: string;
  siret: string | null;
  denomination: string | null;
  qualiopi_actions_formation: Generated<boolean>;
  qualiopi_bilans: Generated<boolean>;
  qualiopi_vae: Generated<boolean>;
  qualiopi_apprentissage: Generated<boolean>;
  run_id: number | null;
}

/** A market of a funder's list (migration 0420). */
export interface MarcheTable {
  financeur: string;
  numero: string;
  organisme: string | null;
  intitule: string | null;
  date_debut: DateStr | null;
  date_fin: DateStr | null;
  date_notification: DateStr | null;
  run_id: number | null;
}

export interface UaiTable {
  uai: string;
  siret: string | null;
  denomination: string | null;
  code_commune: string | null;
  code_postal: string | null;
  ouvert: boolean | null;
  lat: number | null;
  lon: number | null;
  run_id: number | null;
}

export interface CommuneTable {
  code_insee: string;
  code_postal: string;
  nom: string;
  code_departement: string | null;
  code_region: string | null;
  lat: number | null;
  lon: number | null;
  /** Inhabitants (INSEE legal population), null when the imported file or list lacks it (migration 0850). */
  population: number | null;
  run_id: number | null;
  /** Set by a trigger: unaccented, lower case, words separated by one space. */
  nom_normalise: Generated<string | null>;
}

/** Search index (migration 0300), written by triggers only. */
export interface FormationRechercheTable {
  formation_id: string;
  document: string;
  niveau: string | null;
  type_diplome: string | null;
  apprentissage: boolean;
  conventionne: boolean;
  /** Migration 0310: published in the Catalogue général; and with a live session not closed. */
  diffusee: Generated<boolean>;
  publique: Generated<boolean>;
  /**
   * Facet tokens over the sessions not closed / over every live session: ids of recherche_jeton
   * ('facette:valeur'), sorted; the facet of an id is `id % 16` (migration 0710).
   */
  jetons: Generated<number[]>;
  jetons_tous: Generated<number[]>;
  debuts: Generated<string[]>;
  debuts_tous: Generated<string[]>;
}

export interface RechercheJetonTable {
  /** `n * 16 + f`, f the facet's number (recherche_facette_no, migration 0710). */
  id: number;
  /** 'facette:valeur', e.g. 'departement:44'. */
  jeton: string;
}

export interface RechercheMotTable {
  mot: string;
}

export interface RechercheLieuTable {
  session_id: string;
  formation_id: string;
  lat: number | null;
  lon: number | null;
  centre_commune: boolean;
  code_insee: string | null;
  code_departement: string | null;
  code_region: string | null;
  debut: DateStr | null;
  etat_recrutement: string;
  archivee: boolean;
  /** The session is withheld from diffusion (session.retenue, migration 0770): out of every search. */
  retenue: Generated<boolean>;
  /**
   * The place's postal code when it is stored under the code of a city with arrondissements (75056,
   * 69123, 13055; else null): its arrondissement for a search without a radius (migration 1100).
   */
  code_postal: string | null;
}

export interface CommuneAncienneTable {
  code_insee: string;
  nom: string;
  code_insee_ancien: string | null;
  statut: 'deleguee' | 'associee';
  run_id: number | null;
}

export interface BcnNomenclatureTable {
  tableau: string;
  code: string;
  libelle_court: string | null;
  libelle_long: string | null;
  niveau: string | null;
  date_ouverture: DateStr | null;
  date_fermeture: DateStr | null;
  run_id: number | null;
}

export interface ControleEchecTable {
  formation_id: string;
  code: string;
  champ: string | null;
  severite: string;
  message: string;
  evidence: Json;
  computed_at: Timestamp;
  /** FORM_DOUBLON: the formation this one duplicates (migration 0980); null for the other rules. */
  formation_liee: string | null;
}

export interface ControleFormationTable {
  formation_id: string;
  empreinte: string;
  computed_at: Timestamp;
}

export interface PlateformeRegleTable {
  id: Generated<number>;
  plateforme: Plateforme;
  niveau: string | null;
  type_diplome: string | null;
  duree: number | null;
  annee_entree: number | null;
  academie: string | null;
  /** One of domain/plateforme.ts STATUTS_DE_SCOPE. */
  statut: StatutPlateforme;
  priorite: Generated<number>;
  actif: Generated<boolean>;
  version: Generated<number>;
  updated_at: Timestamp;
  updated_by: Generated<string>;
}

export interface PlateformeRegleHistoriqueTable {
  id: Generated<number>;
  regle_id: number;
  version: number;
  action: string;
  valeur: Json;
  acteur: string;
  at: Timestamp;
}

export interface PlateformeEtatTable {
  plateforme: Plateforme;
  identite: string;
  formation_id: string | null;
  statut: StatutPlateforme;
  decision: Decision | null;
  motif: string | null;
  action_corrective: string | null;
  id_plateforme: string | null;
  annee: number;
  publie_annee: number | null;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ClasseurImportTable {
  id: Generated<number>;
  empreinte: string;
  fichier: string | null;
  annee: number;
  acteur: string;
  totaux: Json;
  at: Timestamp;
}

/** A workbook or LHEO import started from /espace/imports (migration 0230). */
export interface ImportTacheTable {
  id: string;
  /** The organisme's SIREN; null for a gestionnaire's job of /gestion/imports (migration 1030). */
  siren: string | null;
  utilisateur_id: string | null;
  /**
   * The Acteur who sent the file (jsonb), the one the job acts as: written as its JSON text, read
   * back as the object (both engines parse jsonb; test/db/import-tache-acteur.test.ts).
   */
  acteur: Json<Acteur>;
  format: 'classeur' | 'lheo';
  /** The file's name; « corps de la requête » for an LHEO body sent to the API. */
  fichier_nom: string;
  /** The file sent: page uploads only (migration 0970), as its size and SHA-256. */
  fichier: Buffer | null;
  taille: number | null;
  empreinte: string | null;
  etape: 'apercu' | 'application';
  etat: 'en_attente' | 'en_cours' | 'terminee' | 'echouee';
  progression: Generated<number>;
  total: number | null;
  rapport: Json | null;
  classeur_annote: Buffer | null;
  /** The full report of an LHEO import, a gzip-compressed CSV (migration 0940). */
  rapport_complet: Buffer | null;
  erreur: Json | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  applique_at: Timestamp | null;
  /** Where the import came from (migration 0970): the organisme's page, the command line, the API. */
  origine: Generated<OrigineImport>;
  /** Shared by the rows of one import (one row per SIREN it touched); a page import's own id. */
  lot: string | null;
  /** The API key's name, for an import through the API. */
  cle_nom: string | null;
  /** The SIREN's part of the import (LHEO: formations; workbook: rows); null while a job runs. */
  creees: number | null;
  modifiees: number | null;
  inchangees: number | null;
  /** Workbook rows closed (formations archived); 0 for LHEO, which never archives. */
  archivees: number | null;
  rejetees: number | null;
}

/** A reference file uploaded from /gestion/referentiels, its preview and decision (migration 0640). */
export interface ReferentielDepotTable {
  id: string;
  kind: string;
  fichier_nom: string;
  fichier: Buffer;
  taille: number;
  empreinte: string;
  etat: 'apercu' | 'en_cours' | 'appliquee' | 'annulee';
  /** The preview (ImportResult of a rolled-back run, without the ids list), JSON. */
  apercu: Json | null;
  /** { code, message } of a refused preview or application. */
  erreur: Json | null;
  run_id: number | null;
  /** Who uploaded it, who applied or cancelled it (acteurLabel). */
  depose_par: string;
  decide_par: string | null;
  /** Applied with the explicit confirmation its impact required. */
  confirme: Generated<boolean>;
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

/** One row per (région of a live session, formation): migration 0660, rewritten by each recomputation. */
export interface FormationRegionTable {
  code_region: string;
  formation_id: string;
  statut: string;
  catalogue: string | null;
  siren_proprietaire: string;
}

/** The new-formation form's one-time tokens (migration 1040, services/espace-envoi.ts). */
export interface FormulaireEnvoiTable {
  jeton: string;
  siren: string;
  formation_id: string | null;
  /** Defaults to now() (Timestamp allows it absent on insert). */
  created_at: Timestamp;
}

export interface DB {
  formulaire_envoi: FormulaireEnvoiTable;
  referentiel_depot: ReferentielDepotTable;
  formation_region: FormationRegionTable;
  organisme: OrganismeTable;
  campagne: CampagneTable;
  campagne_region: CampagneRegionTable;
  formation: FormationTable;
  formation_revision: FormationRevisionTable;
  formation_document: FormationDocumentTable;
  session: SessionTable;
  session_evenement: SessionEvenementTable;
  contact: ContactTable;
  utilisateur: UtilisateurTable;
  structure: StructureTable;
  structure_etablissement: StructureEtablissementTable;
  connexion: ConnexionTable;
  jeton: JetonTable;
  courriel: CourrielTable;
  notification: NotificationTable;
  limite_tentative: LimiteTentativeTable;
  secret_serveur: SecretServeurTable;
  api_key: ApiKeyTable;
  fichier_partenaire: FichierPartenaireTable;
  api_usage: ApiUsageTable;
  api_key_ip: ApiKeyIpTable;
  audit_securite: AuditSecuriteTable;
  historique: HistoriqueTable;
  feed_counter: FeedCounterTable;
  flux_rupture: FluxRuptureTable;
  change_event: ChangeEventTable;
  ref_run: RefRunTable;
  certification: CertificationTable;
  certification_lien: CertificationLienTable;
  certification_habilitation: CertificationHabilitationTable;
  diplome_mef: DiplomeMefTable;
  etablissement: EtablissementTable;
  organisme_declare: OrganismeDeclareTable;
  uai: UaiTable;
  marche: MarcheTable;
  commune: CommuneTable;
  commune_ancienne: CommuneAncienneTable;
  formation_recherche: FormationRechercheTable;
  recherche_jeton: RechercheJetonTable;
  recherche_mot: RechercheMotTable;
  /** Words of the certifications' titles (migration 1110), for the certification picker's typo correction. */
  certification_mot: RechercheMotTable;
  recherche_lieu: RechercheLieuTable;
  controle_echec: ControleEchecTable;
  controle_formation: ControleFormationTable;
  plateforme_regle: PlateformeRegleTable;
  plateforme_regle_historique: PlateformeRegleHistoriqueTable;
  plateforme_etat: PlateformeEtatTable;
  bcn_nomenclature: BcnNomenclatureTable;
  classeur_import: ClasseurImportTable;
  import_tache: ImportTacheTable;
}
