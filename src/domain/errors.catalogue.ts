// The one catalogue of Offre's error codes: every stable code a refusal (`OffreError`) or the HTTP
// error handler can answer, with its HTTP status and its French title. The API's problem details
// carry `code`, `status` and `title` from here; the pages show the same refusal as a French page;
// docs/api.md lists this table (`npm run docs:erreurs`, checked by test/api/erreurs.test.ts).
//
// Not here, on purpose: the codes of an import's row report (`CLASSEUR_*` cell and row findings
// such as CLASSEUR_DATE_INVALIDE, `LHEO_*` record rejections such as LHEO_DATE_INVALIDE), of the
// rules (`REGLES`, docs/regles.md) and of field errors inside `erreurs[]`. Those are lines of a
// report or of a list, never the answer's own status: they are documented with their format
// (docs/formats.md) and their rules (docs/regles.md).
//
// Adding a code: one row below (CONTRIBUTING.md « Ajouter un code d’erreur »), then
// `npm run docs:erreurs`. Throwing a code that has no row is a type error (`CodeErreur`).

/** One row: the HTTP status the code answers with, and its French title (RFC 9457 `title`). */
export interface EntreeErreur {
  /** HTTP status (4xx for a refusal, 5xx for the server's own failures). */
  readonly status: number;
  /** Short French title, the same for every occurrence; the `detail` says what exactly. */
  readonly titre: string;
  /** Only the command line meets it (never an HTTP answer): listed apart in the docs. */
  readonly cli?: true;
}

export const ERREURS = {
  // ── Requests: framework, body, router ──────────────────────────────────────────────────────
  REQUETE_INVALIDE: { status: 400, titre: 'Requête invalide : un ou plusieurs champs sont à corriger' },
  JSON_INVALIDE: { status: 400, titre: 'Corps de requête qui n’est pas un JSON valide' },
  JSON_TROP_PROFOND: { status: 400, titre: 'Corps JSON trop imbriqué' },
  CLE_JSON_INTERDITE: { status: 400, titre: 'Clé interdite dans le corps JSON (__proto__, constructor)' },
  CARACTERE_INTERDIT: { status: 400, titre: 'Caractère interdit dans un champ' },
  URL_INVALIDE: { status: 400, titre: 'Adresse invalide' },
  URL_TROP_LONGUE: { status: 414, titre: 'Adresse trop longue' },
  ENTETES_TROP_VOLUMINEUX: { status: 431, titre: 'En-têtes trop volumineux' },
  ENTETE_INVALIDE: { status: 400, titre: 'En-tête de requête mal formé' },
  IF_MATCH_INVALIDE: { status: 400, titre: 'En-tête If-Match mal formé' },
  RECEPTION_TROP_LENTE: { status: 408, titre: 'Requête reçue trop lentement' },
  TYPE_NON_PRIS_EN_CHARGE: { status: 415, titre: 'Type de contenu non pris en charge' },
  TYPE_CONTENU: { status: 415, titre: 'Type de contenu non accepté par cette route' },
  TROP_VOLUMINEUX: { status: 413, titre: 'Corps de requête trop volumineux' },
  INTROUVABLE: { status: 404, titre: 'Ressource introuvable' },
  METHODE_NON_AUTORISEE: { status: 405, titre: 'Méthode non autorisée sur cette adresse' },
  CURSEUR_INVALIDE: { status: 400, titre: 'Curseur de pagination invalide' },
  FLUX_RESTAURE: {
    status: 410,
    titre: 'Curseur du flux périmé : la base a été restaurée depuis une sauvegarde',
  },
  PARAMETRE_REPETE: { status: 400, titre: 'Paramètre de requête répété' },
  PARAMETRE_INCONNU: { status: 400, titre: 'Paramètre de requête inconnu' },
  TRI_SANS_LIEU: { status: 400, titre: 'Tri par distance sans lieu' },
  FILTRE_HORS_ACCES: { status: 403, titre: 'Filtre sur des formations que cet accès ne voit pas' },
  TROP_DE_REQUETES: { status: 429, titre: 'Trop de requêtes' },
  QUOTA_DEPASSE: { status: 429, titre: 'Quota de requêtes atteint' },
  DELAI_DEPASSE: { status: 503, titre: 'Délai de réponse dépassé' },
  BASE_OCCUPEE: { status: 503, titre: 'Modification momentanément impossible : import en cours' },
  BASE_INDISPONIBLE: { status: 503, titre: 'Base de données momentanément injoignable' },
  ECRITURE_CONCURRENTE: { status: 409, titre: 'Écriture concurrente : rien n’a été enregistré' },
  PRECONDITION_ECHOUEE: {
    status: 412,
    titre: 'La ressource a changé depuis votre lecture : rien n’a été enregistré',
  },
  ERREUR_INTERNE: { status: 500, titre: 'Erreur interne' },

  // ── Authentication, access ─────────────────────────────────────────────────────────────────
  NON_AUTHENTIFIE: { status: 401, titre: 'Authentification requise' },
  AUTH_INVALIDE: { status: 401, titre: 'En-tête d’authentification invalide' },
  CLE_INVALIDE: { status: 401, titre: 'Clé d’API inconnue, révoquée ou expirée' },
  ACCES_REFUSE: { status: 403, titre: 'Accès refusé' },
  CSRF_INVALIDE: { status: 403, titre: 'Jeton anti-falsification absent ou invalide' },
  PARTENAIRE_INTERDIT: { status: 403, titre: 'Fichier partenaire hors de la portée de la clé' },
  NON_CONNECTE: { status: 401, titre: 'Connexion requise' },
  MOT_DE_PASSE_A_CHANGER: { status: 403, titre: 'Mot de passe à choisir' },
  COMPTE_EN_ATTENTE: { status: 403, titre: 'Compte en attente de validation' },
  COMPTE_STRUCTURE_REFUSEE: { status: 403, titre: 'Inscription de la structure refusée' },
  CONNEXION_REFUSEE: { status: 401, titre: 'Adresse électronique ou mot de passe incorrect' },
  TROP_DE_TENTATIVES: { status: 429, titre: 'Trop de tentatives de connexion' },
  TROP_D_INVITATIONS: { status: 429, titre: 'Trop d’invitations envoyées' },
  LIEN_INVALIDE: { status: 410, titre: 'Lien expiré ou déjà utilisé' },

  // ── Accounts, structures, passwords ────────────────────────────────────────────────────────
  MOT_DE_PASSE_ACTUEL: { status: 400, titre: 'Mot de passe actuel incorrect' },
  MOT_DE_PASSE_CONFIRMATION: { status: 400, titre: 'Les deux mots de passe diffèrent' },
  MOT_DE_PASSE_COURT: { status: 400, titre: 'Mot de passe trop court' },
  MOT_DE_PASSE_LONG: { status: 400, titre: 'Mot de passe trop long' },
  MOT_DE_PASSE_TROP_SIMPLE: { status: 400, titre: 'Mot de passe trop simple' },
  MOT_DE_PASSE_IDENTIQUE: { status: 400, titre: 'Nouveau mot de passe identique à l’actuel' },
  NOM_ABSENT: { status: 400, titre: 'Nom et prénom manquants' },
  MOTIF_ABSENT: { status: 400, titre: 'Motif du refus manquant' },
  RAISON_SOCIALE_ABSENTE: { status: 400, titre: 'Raison sociale manquante' },
  TEXTE_TROP_LONG: { status: 400, titre: 'Texte trop long' },
  REGION_ABSENTE: { status: 400, titre: 'Région manquante' },
  REGION_INCONNUE: { status: 400, titre: 'Code de région inconnu' },
  DEPARTEMENT_INCONNU: { status: 400, titre: 'Code de département inconnu' },
  RAYON_INVALIDE: { status: 400, titre: 'Rayon de recherche invalide' },
  SIREN_INVALIDE: { status: 400, titre: 'SIREN invalide' },
  SIRET_INVALIDE: { status: 400, titre: 'SIRET invalide' },
  STRUCTURE_DEJA_ACTIVE: { status: 409, titre: 'Structure déjà validée' },
  INSCRIPTION_DEJA_REFUSEE: { status: 409, titre: 'Inscription déjà refusée' },
  STRUCTURE_INACTIVE: { status: 409, titre: 'Structure pas encore validée' },
  UTILISATEUR_EXISTE: { status: 409, titre: 'Compte déjà existant' },
  INVITATION_DEJA_ENVOYEE: { status: 409, titre: 'Invitation déjà envoyée à cette adresse' },
  UTILISATEUR_EMAIL: { status: 400, titre: 'Adresse électronique invalide' },
  UTILISATEUR_ROLE: { status: 400, titre: 'Rôle invalide' },
  UTILISATEUR_REGION: { status: 400, titre: 'Région du gestionnaire invalide' },
  UTILISATEUR_ACADEMIE: { status: 400, titre: 'Académie de l’instructeur invalide' },
  UTILISATEUR_SIREN: { status: 400, titre: 'SIREN du compte invalide' },
  UTILISATEUR_SOI: { status: 409, titre: 'Action impossible sur son propre compte' },
  UTILISATEUR_MODIFIE: {
    status: 409,
    titre: 'Rôle ou périmètre modifié depuis l’ouverture de la page : rien n’a été enregistré',
  },

  // ── API keys ───────────────────────────────────────────────────────────────────────────────
  CLE_NOM: { status: 400, titre: 'Nom de clé manquant ou trop long' },
  CLE_MODIFIEE: {
    status: 409,
    titre: 'Profils de la clé modifiés depuis l’ouverture de la page : rien n’a été enregistré',
  },
  CLE_NOM_PRIS: { status: 409, titre: 'Nom déjà porté par une clé active du même titulaire' },
  CLE_PORTEE: { status: 400, titre: 'Portée de clé inconnue' },
  CLE_SIREN: { status: 400, titre: 'SIREN de la clé invalide' },
  CLE_PROFIL: { status: 400, titre: 'Profil partenaire de la clé invalide' },
  CLE_QUOTA: { status: 400, titre: 'Quota de clé invalide' },
  CLE_EXPIRATION: { status: 400, titre: 'Date d’expiration de clé invalide' },
  CLE_INTROUVABLE: { status: 404, titre: 'Clé d’API introuvable' },
  CLE_AMBIGUE: { status: 409, titre: 'Plusieurs clés portent ce nom' },
  CLE_DEJA_REVOQUEE: { status: 409, titre: 'Clé déjà révoquée' },
  CLE_INACTIVE: { status: 409, titre: 'Clé révoquée ou expirée' },

  // ── Formations, sessions, workflow ─────────────────────────────────────────────────────────
  SAISIE_INVALIDE: { status: 400, titre: 'Saisie à corriger' },
  PROPRIETAIRE_INCONNU: { status: 422, titre: 'Organisme responsable manquant' },
  ETABLISSEMENT_NON_RECONNU: {
    status: 422,
    titre: 'Établissement inconnu d’une autre structure',
  },
  REFERENT_HANDICAP_SANS_NOM: { status: 400, titre: 'Référent handicap sans nom' },
  FORMATION_SUPPRIMEE: { status: 409, titre: 'Formation supprimée' },
  FORMATION_ARCHIVEE: { status: 409, titre: 'Formation archivée : republiez-la avant de la modifier' },
  FORMATION_TROP_DE_SESSIONS: { status: 422, titre: 'Trop de sessions pour une formation' },
  SESSION_INCONNUE: { status: 422, titre: 'Session inconnue dans cette formation' },
  SESSION_INTROUVABLE: { status: 404, titre: 'Session introuvable' },
  SESSION_REDATEE: { status: 422, titre: 'Dates d’une session diffusée non modifiables' },
  SESSION_EN_DOUBLE: { status: 409, titre: 'Une session identique existe déjà' },
  SESSION_PASSEE: { status: 409, titre: 'Session déjà terminée' },
  SESSION_CLE_EN_DOUBLE: { status: 400, titre: 'Deux sessions de la formation avec la même clé externe' },
  SESSION_NOUVEAU_MARCHE: { status: 422, titre: 'Marché d’une session diffusée non modifiable' },
  LIEU_INCONNU: { status: 400, titre: 'Commune inconnue' },
  CODE_POSTAL_INVALIDE: { status: 400, titre: 'Code postal qui n’a pas 5 chiffres' },
  LIEU_A_PRECISER: { status: 400, titre: 'Commune à préciser' },
  LIEU_HORS_CODE_POSTAL: { status: 400, titre: 'Commune qui n’est pas celle du code postal' },
  COMMUNE_INTROUVABLE: { status: 400, titre: 'Commune introuvable' },
  AUCUN_MOT_RECONNU: { status: 400, titre: 'Aucun mot reconnu dans la recherche' },
  CODE_INSEE_INVALIDE: { status: 400, titre: 'Code commune INSEE invalide' },
  TRANSITION_INVALIDE: { status: 409, titre: 'Changement de statut impossible' },
  REVISION_EN_ATTENTE: {
    status: 409,
    titre: 'Révision de l’organisme en attente : décidez-la avant de modifier l’offre',
  },
  PUBLICATION_INCOMPLETE: { status: 422, titre: 'Publication impossible : champs à renseigner' },
  REVISION_MODIFIEE: {
    status: 409,
    titre: 'L’offre ou sa révision a changé depuis votre lecture : relisez-la avant de décider',
  },
  FORMATION_MODIFIEE: {
    status: 409,
    titre: 'Formation modifiée depuis l’ouverture du formulaire : rien n’a été enregistré',
  },
  VERSION_MANQUANTE: { status: 400, titre: 'Formulaire sans sa version (champ « version »)' },
  RETRAIT_A_CONFIRMER: {
    status: 409,
    titre: 'Validation à confirmer : l’offre ne serait plus diffusée',
  },
  COMMENTAIRE_REQUIS: { status: 422, titre: 'Commentaire requis' },
  COMMENTAIRE_TROP_LONG: { status: 422, titre: 'Commentaire trop long' },
  SELECTION_VIDE: { status: 400, titre: 'Aucune formation cochée' },
  DECISION_INCONNUE: { status: 400, titre: 'Décision manquante' },
  AUCUNE_FORMATION: { status: 404, titre: 'Aucune formation à exporter' },

  // ── Diffusion platforms, partners, campaigns ───────────────────────────────────────────────
  PLATEFORME_FERMEE: { status: 409, titre: 'Plateforme fermée' },
  CALENDRIER_MODIFIE: {
    status: 409,
    titre: 'Calendrier modifié depuis l’ouverture de la page : rien n’a été enregistré',
  },
  VERSION_AUTRE_CALENDRIER: {
    status: 400,
    titre: 'If-Match d’un autre calendrier que celui que le corps modifie',
  },
  TRANSITION_PLATEFORME_INTERDITE: { status: 409, titre: 'Changement de statut de plateforme impossible' },
  MOTIF_OBLIGATOIRE: { status: 400, titre: 'Motif de non-publication manquant' },
  STATUT_INVALIDE: { status: 400, titre: 'Statut impossible pour cette règle' },
  REGLE_MODIFIEE: {
    status: 409,
    titre: 'Règle de périmètre modifiée depuis l’ouverture de la page : rien n’a été enregistré',
  },
  PROFIL_INCONNU: { status: 404, titre: 'Profil partenaire inconnu' },
  FICHIER_INTROUVABLE: { status: 404, titre: 'Fichier introuvable' },
  CAMPAGNE_INVALIDE: { status: 400, titre: 'Année de campagne invalide' },
  CAMPAGNE_INCONNUE: { status: 404, titre: 'Campagne inconnue' },
  CALENDRIER_INVALIDE: { status: 400, titre: 'Calendrier de campagne invalide' },

  // ── Imports (whole-file refusals; row findings are in the import report) ───────────────────
  FICHIER_ABSENT: { status: 400, titre: 'Aucun fichier joint' },
  FICHIER_VIDE: { status: 400, titre: 'Fichier vide' },
  MULTIPART_INVALIDE: { status: 400, titre: 'Formulaire multipart illisible' },
  MULTIPART_TROP_DE_FICHIERS: { status: 413, titre: 'Formulaire multipart : trop de fichiers' },
  MULTIPART_TROP_DE_CHAMPS: { status: 413, titre: 'Formulaire multipart : trop de champs' },
  MULTIPART_TROP_DE_PARTIES: { status: 413, titre: 'Formulaire multipart : trop de parties' },
  FICHIER_TROP_VOLUMINEUX: { status: 413, titre: 'Fichier trop volumineux' },
  IMPORT_DEJA_LANCE: { status: 409, titre: 'Import déjà appliqué ou en cours' },
  IMPORT_ECHOUE: { status: 409, titre: 'Import échoué' },
  IMPORT_CONCURRENT: { status: 409, titre: 'Import concurrent sur les mêmes formations' },
  CLASSEUR_TROP_VOLUMINEUX: { status: 413, titre: 'Classeur trop volumineux' },
  CLASSEUR_TROP_DE_LIGNES: { status: 422, titre: 'Classeur avec trop de lignes' },
  CLASSEUR_TROP_DE_LIGNES_API: { status: 413, titre: 'Classeur avec trop de lignes pour une requête' },
  CLASSEUR_AUTRE_ORGANISME: { status: 403, titre: 'Classeur exporté pour un autre organisme' },
  CLASSEUR_FORMAT_XLS: { status: 422, titre: 'Classeur au format .xls (Excel 97-2003)' },
  CLASSEUR_PAS_XLSX: { status: 422, titre: 'Fichier qui n’est pas un classeur .xlsx' },
  CLASSEUR_FICHIER_LHEO: { status: 422, titre: 'Fichier LHEO (XML) donné comme classeur .xlsx' },
  CLASSEUR_ZIP_BOMBE: { status: 422, titre: 'Classeur dont la décompression est démesurée' },
  CLASSEUR_ZIP_SUSPECT: { status: 422, titre: 'Classeur à l’archive suspecte' },
  CLASSEUR_XML_INTERDIT: { status: 422, titre: 'Classeur avec des déclarations XML interdites' },
  CLASSEUR_XML_INVALIDE: { status: 422, titre: 'Classeur au XML invalide' },
  CLASSEUR_CELLULE_TROP_LONGUE: { status: 422, titre: 'Cellule de classeur trop longue' },
  CLASSEUR_ILLISIBLE: { status: 422, titre: 'Classeur illisible' },
  CLASSEUR_FEUILLE_ABSENTE: { status: 422, titre: 'Feuille de l’offre absente du classeur' },
  CLASSEUR_ENTETES: { status: 422, titre: 'En-têtes du classeur inattendus' },
  CLASSEUR_LECTURE_DUREE: { status: 422, titre: 'Lecture du classeur trop longue' },
  CLASSEUR_LECTURE_MEMOIRE: { status: 422, titre: 'Lecture du classeur trop gourmande en mémoire' },
  LHEO_CORPS_TROP_VOLUMINEUX: { status: 413, titre: 'Fichier LHEO trop volumineux' },
  LHEO_TROP_DE_FORMATIONS: { status: 413, titre: 'Fichier LHEO avec trop de formations' },
  LHEO_VIDE: { status: 400, titre: 'Fichier LHEO vide' },
  LHEO_RACINE: { status: 400, titre: 'Élément racine LHEO inattendu' },
  LHEO_VERSION: { status: 400, titre: 'Version LHEO non prise en charge' },
  LHEO_ENCODAGE: { status: 422, titre: 'Encodage du fichier LHEO non pris en charge' },
  LHEO_PAS_XML: {
    status: 422,
    titre: 'Fichier donné comme fichier LHEO qui n’est pas du XML (zip, classeur, CSV)',
  },
  LHEO_ENCODAGE_INVALIDE: { status: 422, titre: 'Octets invalides pour l’encodage du fichier LHEO' },
  LHEO_ENCODAGE_DECLARE: {
    status: 422,
    titre: 'Fichier LHEO en UTF-8 déclaré dans un autre encodage',
  },
  LHEO_ENTITES_INTERDITES: { status: 400, titre: 'Entités XML interdites dans le fichier LHEO' },
  LHEO_XML_INVALIDE: { status: 400, titre: 'XML du fichier LHEO mal formé' },
  LHEO_PROFONDEUR: { status: 422, titre: 'Fichier LHEO trop imbriqué' },
  LHEO_TEXTE_TROP_LONG: { status: 422, titre: 'Texte trop long dans le fichier LHEO' },
  LHEO_FORMATION_TROP_VOLUMINEUSE: { status: 422, titre: 'Formation LHEO trop volumineuse' },
  LHEO_LECTURE_MEMOIRE: { status: 422, titre: 'Lecture du fichier LHEO trop gourmande en mémoire' },

  // ── Référentiels ───────────────────────────────────────────────────────────────────────────
  REFERENTIEL_TYPE_INCONNU: { status: 400, titre: 'Type de référentiel inconnu' },
  REFERENTIEL_MAUVAIS_TYPE: { status: 400, titre: 'Fichier d’un autre type que le référentiel annoncé' },
  REFERENTIEL_ILLISIBLE: {
    status: 422,
    titre: 'Fichier de référentiel illisible (archive endommagée ou tronquée)',
  },
  REFERENTIEL_LIGNE_TRONQUEE: {
    status: 422,
    titre: 'Fichier de référentiel tronqué (dernière ligne coupée au milieu)',
  },
  REFERENTIEL_VIDE: { status: 400, titre: 'Référentiel sans données' },
  REFERENTIEL_TOUT_REJETE: { status: 400, titre: 'Toutes les lignes du référentiel rejetées' },
  REFERENTIEL_BAISSE_SUSPECTE: { status: 400, titre: 'Baisse suspecte du nombre de lignes du référentiel' },
  REFERENTIEL_IMPACT_SUSPECT: { status: 400, titre: 'Impact suspect du référentiel sur l’offre' },
  REFERENTIEL_PERTE_SUSPECTE: {
    status: 400,
    titre: 'Perte suspecte de données du référentiel (coordonnées des communes…)',
  },
  CONFIRMATION_REQUISE: { status: 400, titre: 'Confirmation requise' },
  REFERENTIEL_ADMIN_REQUIS: {
    status: 403,
    titre: 'Fichier de référence retenu par prudence : seul un administrateur peut l’appliquer',
  },
  DEPOT_DEJA_DECIDE: { status: 409, titre: 'Dépôt de référentiel déjà décidé' },

  // ── Command line only (never an HTTP answer) ───────────────────────────────────────────────
  USAGE: { status: 400, titre: 'Commande ou option invalide', cli: true },
  CONFIG_INVALIDE: { status: 500, titre: 'Configuration invalide', cli: true },
  BASE_VERROUILLEE: { status: 409, titre: 'Base embarquée déjà ouverte', cli: true },
  BASE_ENDOMMAGEE: { status: 500, titre: 'Base embarquée illisible', cli: true },
  BASE_ABSENTE: { status: 404, titre: 'Aucune base embarquée dans le dossier de données', cli: true },
  BASE_EN_CREATION: { status: 409, titre: 'Base embarquée en cours de création', cli: true },
  MIGRATION_ECHEC: { status: 500, titre: 'Migration échouée', cli: true },
  DEMO_BASE_NON_VIDE: { status: 409, titre: 'Base non vide pour la démonstration', cli: true },
  DEMO_TAILLE: { status: 400, titre: 'Taille de démonstration invalide', cli: true },
  BASCULE_ANNEES: { status: 400, titre: 'Années de bascule invalides', cli: true },
  AUDIT_FILTRE: { status: 400, titre: 'Filtre du journal d’audit invalide', cli: true },
  CALENDRIER_CHAMP: { status: 400, titre: 'Champ du calendrier inconnu', cli: true },
  LHEO_XSD_ABSENT: { status: 500, titre: 'Schéma officiel LHEO introuvable', cli: true },
  SORTIE_IMPOSSIBLE: { status: 400, titre: 'Fichier de sortie impossible à écrire', cli: true },
  FICHIER_DOSSIER: { status: 400, titre: 'Dossier donné à la place d’un fichier', cli: true },
  COMMANDE_INTERROMPUE: { status: 503, titre: 'Commande interrompue', cli: true },
} as const satisfies Record<string, EntreeErreur>;

/** A stable error code of the catalogue. */
export type CodeErreur = keyof typeof ERREURS;

/** Every code, in the catalogue's order. */
export const CODES_ERREUR = Object.keys(ERREURS) as CodeErreur[];

/** The codes an HTTP answer may carry (the catalogue less the command-line-only ones). */
export const CODES_ERREUR_HTTP = CODES_ERREUR.filter((c) => !('cli' in ERREURS[c]));

/** Whether `code` is a catalogue code (for codes that cross a worker or a database as text). */
export const estCodeErreur = (code: string): code is CodeErreur => Object.hasOwn(ERREURS, code);

/** The row of `code`. */
export const entreeErreur = (code: CodeErreur): EntreeErreur => ERREURS[code];
