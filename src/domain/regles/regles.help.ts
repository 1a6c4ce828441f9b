// For each rule of the REGLES table: when it fails and how to fix it, in the words of the people
// who fix it. docs/regles.md is generated from REGLES and this (npm run docs:regles); a rule
// without its entry here shows "à documenter" there.

export interface AideRegle {
  /** When the rule fails (the reference file and field it reads, where it matters). */
  readonly echoue: string;
  /** What the organisation or the data manager does to make it pass. */
  readonly corriger: string;
}

export const AIDE_REGLES: Readonly<Record<string, AideRegle>> = {
  ORG_SIRET_FORMAT: {
    echoue:
      'SIRET du responsable ou du formateur sans 14 chiffres, ou dont la clé de Luhn est fausse (exception La Poste : SIREN 356000000, somme des chiffres multiple de 5).',
    corriger: 'Recopier le SIRET depuis l’avis de situation Sirene de l’établissement.',
  },
  ORG_SIRET_FERME: {
    echoue: 'Sirene dit l’établissement fermé (`etatAdministratifEtablissement` = F).',
    corriger: 'Indiquer le SIRET de l’établissement actif qui a succédé (nouvelle adresse, nouveau SIRET).',
  },
  ORG_SIRET_INCONNU: {
    echoue: 'Le SIRET est absent des données Sirene chargées.',
    corriger:
      'Vérifier le SIRET ; s’il est juste, l’établissement est récent ou non diffusible : le gestionnaire recharge Sirene.',
  },
  ORG_NDA: {
    echoue:
      'Ni le SIRET ni le SIREN du responsable ne figurent dans la liste publique des organismes de formation (DGEFP) : pas de déclaration d’activité.',
    corriger:
      'Déclarer l’activité auprès de la DREETS (numéro de déclaration d’activité), ou indiquer comme responsable l’établissement déclaré.',
  },
  ORG_QUALIOPI_APPRENTISSAGE: {
    echoue:
      'L’organisme de référence n’est pas certifié Qualiopi pour les actions de formation par apprentissage (`certifications.actionsDeFormationParApprentissage`, par SIRET puis par SIREN). Sa réussite donne l’étiquette « Certifiée ».',
    corriger:
      'Obtenir la certification Qualiopi « apprentissage » ; une fois publiée dans la liste DGEFP, le prochain import la prend en compte.',
  },
  ORG_HABILITATION: {
    echoue:
      'Certification enregistrée « sur demande » et organisme de référence ni certificateur ni partenaire actif habilité à former (`HABILITATION_FORMER` ou `HABILITATION_ORGA_FORM`).',
    corriger:
      'Demander l’habilitation au certificateur (elle apparaît ensuite dans la fiche RNCP), ou indiquer comme responsable ou formateur l’organisme habilité.',
  },
  ORG_UAI: {
    echoue: 'Le responsable n’a pas d’UAI, ou son UAI a une lettre de contrôle fausse.',
    corriger: 'Indiquer l’UAI de l’établissement (annuaire ACCE du ministère), 7 chiffres et une lettre.',
  },
  ORG_REFERENT_HANDICAP: {
    echoue: 'Aucun contact « référent handicap » sur la formation ni sur l’organisme responsable.',
    corriger: 'Ajouter le référent handicap (nom et courriel) à la formation ou à l’organisme.',
  },
  CERT_ABSENTE: {
    echoue: 'Ni code RNCP/RS ni code diplôme (CFD).',
    corriger: 'Choisir la certification préparée : code RNCP (ou RS) ou code diplôme de la BCN.',
  },
  CERT_INCONNUE: {
    echoue: 'Le code n’existe pas dans le RNCP ou la BCN chargés.',
    corriger:
      'Vérifier le code sur la fiche France compétences ou la BCN ; un code mal recopié est la cause habituelle.',
  },
  CERT_APPRENTISSAGE: {
    echoue:
      'Fiche « sur demande » sans la voie d’accès « En contrat d’apprentissage » (`SI_JURY_CA` différent de Oui).',
    corriger:
      'Choisir une certification ouverte à l’apprentissage, ou demander au certificateur d’ouvrir cette voie d’accès.',
  },
  CERT_EXPIREE: {
    echoue:
      'L’enregistrement RNCP (`DATE_FIN_ENREGISTREMENT`) ou le diplôme BCN (`DATE_FERMETURE`) prend fin avant le début d’une session de la campagne.',
    corriger:
      'Passer à la certification qui la remplace (le message la nomme quand le référentiel la donne).',
  },
  CERT_EXPIRE_PENDANT: {
    echoue: 'La certification cesse d’être valide pendant une session (après son début, avant sa fin).',
    corriger:
      'Vérifier que les apprentis pourront se présenter à l’examen ; prévoir la certification qui lui succède pour la rentrée suivante.',
  },
  FORM_CHAMP_OBLIGATOIRE: {
    echoue:
      'Un champ obligatoire manque — un résultat par champ : intitulé, objectif, les trois modalités, années en apprentissage, durée, responsable, formateur, contact, dates et lieu de chaque session.',
    corriger:
      'Selon le champ manquant : voir « Pour chaque champ obligatoire » ci-dessous (la fiche montre l’indication de ce champ).',
  },
  FORM_INTITULE: {
    echoue: 'Intitulé de plus de 300 caractères (bloquant), ou de plus de 255 (alerte : LHEO le tronque).',
    corriger: 'Raccourcir l’intitulé ; les détails vont dans l’objectif ou le contenu.',
  },
  FORM_APPRENTISSAGE: {
    echoue: 'Contrat d’apprentissage = non.',
    corriger: 'Une formation du catalogue de l’apprentissage doit être ouverte en contrat d’apprentissage.',
  },
  FORM_DUREE: {
    echoue:
      'Durée non prévue pour le diplôme : par les MEF de la BCN pour le CFD quand elles sont chargées, sinon par le type de diplôme (CAP 1–3, BTS 1–2, BUT 1–3…).',
    corriger: 'Indiquer la durée du cycle en années telle que le diplôme la prévoit.',
  },
  FORM_PREMIERE_ANNEE: {
    echoue:
      'La première année du cursus n’est pas ouverte à l’apprentissage (Parcoursup et Affelnet l’exigent).',
    corriger: 'Ouvrir la 1re année à l’apprentissage, ou accepter que l’offre reste hors des plateformes.',
  },
  FORM_DOUBLON: {
    echoue:
      'Une autre formation du même responsable a la même certification, le même formateur et la même commune, avec des sessions qui se chevauchent.',
    corriger: 'Archiver le doublon, ou ajouter la session à la formation existante.',
  },
  SESSION_DATES: {
    echoue: 'Une date n’existe pas au calendrier, ou la fin précède le début.',
    corriger: 'Corriger les dates de la session (AAAA-MM-JJ ; JJ/MM/AAAA dans le classeur).',
  },
  SESSION_CAMPAGNE: {
    echoue:
      'Aucune session non fermée ne commence dans la fenêtre de la campagne courante (1er août de l’année de rentrée au 31 juillet suivant).',
    corriger: 'Ajouter la session de la rentrée (nouvelle session, jamais en re-datant une ancienne).',
  },
  SESSION_DECOUPEE: {
    echoue:
      'Un cursus de N ans est découpé en sessions plus courtes (un cycle de deux ans = une session de deux ans).',
    corriger: 'Remplacer les sessions annuelles par une session couvrant tout le cycle.',
  },
  SESSION_RECRUTEMENT: {
    echoue: 'Une session terminée est encore « ouverte » au recrutement.',
    corriger: 'Passer l’état de recrutement de la session à « fermé ».',
  },
  LIEU_COMMUNE: {
    echoue:
      'Code postal, commune et code INSEE du lieu ne concordent pas avec le référentiel des communes (arrondissements de Paris, Lyon, Marseille compris). Nom avec ou sans article, libellé de La Poste (« PARIS 17 », « ST ETIENNE ») et mention CEDEX (après la commune ou dans le champ Cedex) acceptés ; un code CEDEX (« 53063 LAVAL CEDEX 9 ») que le référentiel n’a pas passe quand il est du département de la commune ; nom ou ancien code d’une commune déléguée ou associée, code postal CEDEX sans la mention ou sans code INSEE : alerte seulement (docs/referentiels.md § Communes).',
    corriger: 'Recopier le code postal et la commune de l’adresse postale, le code INSEE de la commune.',
  },
  LIEU_UAI: {
    echoue:
      'Lieu à plus de 20 km du responsable sans UAI propre (un lieu dans la commune du formateur hérite de son UAI).',
    corriger: 'Indiquer l’UAI du lieu de formation (annuaire ACCE).',
  },
  CONV_MARCHE: {
    echoue:
      'Session financée par la Région sans numéro de marché (une lettre et 7 chiffres, ex. M1451401). Une session qui n’indique pas son financeur est financée par celui de l’action, comme le dit la page publique.',
    corriger: 'Indiquer le numéro du marché notifié par la Région (et le financeur de la session).',
  },
  CONV_MARCHE_INCONNU: {
    echoue:
      'Numéro de marché d’une session absent de la liste des marchés de son financeur, ou session qui commence avant ou finit après le marché. Non applicable tant qu’aucune liste de ce financeur n’est importée (« offre referentiel import marches »).',
    corriger:
      'Corriger le numéro ou les dates de la session ; si le marché manque, le signaler au financeur.',
  },
  CONV_CONTACT: {
    echoue:
      'Session conventionnée (son financeur public, sinon celui de l’action) sans contact (nom, et téléphone ou courriel).',
    corriger: 'Ajouter le contact de la session, que les prescripteurs appelleront.',
  },
  CONV_DELAI: {
    echoue:
      'Session saisie plus de 10 jours (Région, Agefiph) ou 6 jours (France Travail) après la notification du marché (celle de la session, sinon celle de la liste des marchés du financeur).',
    corriger: 'Saisir les sessions dès la notification ; l’alerte reste pour le suivi du financeur.',
  },
};

/**
 * FORM_CHAMP_OBLIGATOIRE: where the missing field is on the form and what it expects, by its
 * `champ` (sessions' index as `*`), instead of one hint that only says « fill the field ».
 */
export const CORRIGER_CHAMP_OBLIGATOIRE: Readonly<Record<string, string>> = {
  intitule:
    'Fiche, champ « Intitulé » : le nom de la formation (300 caractères au plus), par exemple l’intitulé du diplôme de la fiche RNCP ou de la BCN.',
  objectif:
    'Fiche, champ « Objectif » : en quelques phrases, ce que l’apprenant saura faire à la fin (les compétences attestées de la fiche RNCP peuvent servir de base).',
  'modalites.formation_continue': 'Fiche, question « Ouverte en formation continue » : cocher oui ou non.',
  'modalites.contrat_professionnalisation':
    'Fiche, question « Ouverte en contrat de professionnalisation » : cocher oui ou non.',
  'modalites.contrat_apprentissage':
    'Fiche, question « Ouverte en contrat d’apprentissage » : cocher oui ou non (oui pour le catalogue de l’apprentissage).',
  'modalites.annees_apprentissage':
    'Fiche, « Années du cursus ouvertes à l’apprentissage » : cocher chaque année (1re à 5e) où l’on peut entrer en contrat d’apprentissage ; la 1re pour Parcoursup et Affelnet.',
  'modalites.duree_annees':
    'Fiche, champ « Durée du cursus (en années) » : la durée du cycle que prévoit le diplôme (MEF de la BCN : CAP 2 ans, BTS 2 ans, BUT 3 ans…).',
  'responsable.siret':
    'Fiche, champ « Organisme responsable » : le SIRET (14 chiffres) de l’établissement qui porte la déclaration d’activité, tel que sur son avis de situation Sirene.',
  'formateur.siret':
    'Fiche, champ « Organisme formateur » : le SIRET (14 chiffres) de l’établissement qui dispense la formation ; celui du responsable s’il forme lui-même.',
  contacts:
    'Fiche, « Contacts » : ajouter un contact avec son nom et un téléphone ou un courriel (le référent handicap peut l’être).',
  'sessions.*.debut':
    'Page de la session, champ « Date de début » : le premier jour de la session (JJ/MM/AAAA), dans la campagne pour une session de la rentrée.',
  'sessions.*.fin':
    'Page de la session, champ « Date de fin » : le dernier jour du cycle complet (JJ/MM/AAAA), après la date de début.',
  'sessions.*.lieu':
    'Page de la session, champs « Code postal » et « Commune » de l’adresse du lieu de formation (ou « Commune du lieu », par son code INSEE), tels que dans le référentiel des communes.',
};

/**
 * The fix shown with one failing result: the one of its field for FORM_CHAMP_OBLIGATOIRE, the
 * rule's otherwise; null when there is nothing specific to say (the line is then left out).
 */
export function corrigerRegle(code: string, champ: string | null | undefined): string | null {
  if (code === 'FORM_CHAMP_OBLIGATOIRE')
    return CORRIGER_CHAMP_OBLIGATOIRE[(champ ?? '').replace(/^sessions\.\d+\./, 'sessions.*.')] ?? null;
  return AIDE_REGLES[code]?.corriger ?? null;
}
