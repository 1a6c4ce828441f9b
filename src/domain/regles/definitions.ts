import type { TypeOffre } from '../type-offre.ts';
import type { Severite } from './types.ts';

// Every rule of docs/regles.md: its stable code, severity and what it checks — the one table.
// Each result of a rule takes its severity from here (resultat.ts); the only exceptions are the
// declared downgrades to an alert (FORM_INTITULE between 256 and 300 characters, LIEU_COMMUNE on a
// spelling the official list knows under another name), passed explicitly where they happen.

export interface RegleDefinition {
  readonly code: string;
  readonly severite: Severite;
  readonly famille: 'organismes' | 'certification' | 'formation' | 'sessions' | 'conventionne';
  readonly libelle: string;
  /** The offer types the rule applies to (src/domain/type-offre.ts); elsewhere it is non_applicable. */
  readonly types: readonly TypeOffre[];
  /**
   * What a *bloquant* failure withholds from diffusion: the whole formation, or only the session it
   * names (`champ` « sessions[i]… ») — the formation's other sessions stay diffused (issue 12 item 3).
   */
  readonly portee: 'formation' | 'session';
}

/** Bloquant for the diffusion of the session they name, not of the formation. */
const PORTEE_SESSION: ReadonlySet<string> = new Set(['CONV_MARCHE_INCONNU']);

const TOUS: readonly TypeOffre[] = ['apprentissage', 'conventionne'];
const APPRENTISSAGE: readonly TypeOffre[] = ['apprentissage'];
const CONVENTIONNE: readonly TypeOffre[] = ['conventionne'];

/**
 * Which offers each rule reads: the apprenticeship rules (contract, Qualiopi apprenticeship,
 * diploma duration, cursus years) and every *plateforme* rule (Parcoursup and Affelnet take
 * apprenticeship only) apply to apprenticeship; CONV_* to conventionné sessions; the rest to all.
 */
const TYPES_PAR_REGLE: Readonly<Record<string, readonly TypeOffre[]>> = {
  ORG_QUALIOPI_APPRENTISSAGE: APPRENTISSAGE,
  CERT_APPRENTISSAGE: APPRENTISSAGE,
  // Apprenticeship prepares a certification by law; a conventionné action may be non-certifying
  // (a « Prépa avenir », a remise à niveau): when it names one, CERT_INCONNUE and CERT_EXPIREE still read it.
  CERT_ABSENTE: APPRENTISSAGE,
  FORM_APPRENTISSAGE: APPRENTISSAGE,
  FORM_DUREE: APPRENTISSAGE,
  SESSION_DECOUPEE: APPRENTISSAGE,
};

const r = (
  code: string,
  severite: Severite,
  famille: RegleDefinition['famille'],
  libelle: string,
): RegleDefinition => ({
  code,
  severite,
  famille,
  libelle,
  types:
    TYPES_PAR_REGLE[code] ??
    (famille === 'conventionne' ? CONVENTIONNE : severite === 'plateforme' ? APPRENTISSAGE : TOUS),
  portee: PORTEE_SESSION.has(code) ? 'session' : 'formation',
});

export const REGLES: readonly RegleDefinition[] = [
  r('ORG_SIRET_FORMAT', 'bloquant', 'organismes', 'SIRET de 14 chiffres avec clé de Luhn valide'),
  r('ORG_SIRET_FERME', 'bloquant', 'organismes', 'Établissement actif dans Sirene'),
  r('ORG_SIRET_INCONNU', 'alerte', 'organismes', 'SIRET présent dans Sirene'),
  r('ORG_NDA', 'bloquant', 'organismes', 'Responsable déclaré organisme de formation (NDA)'),
  r(
    'ORG_QUALIOPI_APPRENTISSAGE',
    'bloquant',
    'organismes',
    'Organisme de référence certifié Qualiopi apprentissage',
  ),
  r(
    'ORG_HABILITATION',
    'bloquant',
    'organismes',
    'Organisme habilité à former pour une certification sur demande',
  ),
  r('ORG_UAI', 'plateforme', 'organismes', 'UAI du responsable présent et valide'),
  r('ORG_REFERENT_HANDICAP', 'plateforme', 'organismes', 'Référent handicap renseigné'),
  r('CERT_ABSENTE', 'bloquant', 'certification', 'Code de certification renseigné'),
  r('CERT_INCONNUE', 'bloquant', 'certification', 'Certification présente au RNCP ou à la BCN'),
  r('CERT_APPRENTISSAGE', 'bloquant', 'certification', 'Certification ouverte à l’apprentissage'),
  r('CERT_EXPIREE', 'bloquant', 'certification', 'Certification valide au début des sessions'),
  r('CERT_EXPIRE_PENDANT', 'alerte', 'certification', 'Certification valide pendant les sessions'),
  r('FORM_CHAMP_OBLIGATOIRE', 'bloquant', 'formation', 'Champs obligatoires renseignés'),
  r('FORM_INTITULE', 'bloquant', 'formation', 'Intitulé de 300 caractères au plus (alerte au-delà de 255)'),
  r('FORM_APPRENTISSAGE', 'bloquant', 'formation', 'Formation ouverte en contrat d’apprentissage'),
  r('FORM_DUREE', 'bloquant', 'formation', 'Durée permise pour le diplôme'),
  r('FORM_PREMIERE_ANNEE', 'plateforme', 'formation', 'Première année ouverte à l’apprentissage'),
  r('FORM_DOUBLON', 'alerte', 'formation', 'Pas de doublon du même responsable'),
  r('SESSION_DATES', 'bloquant', 'sessions', 'Dates de session valides'),
  r('SESSION_CAMPAGNE', 'plateforme', 'sessions', 'Une session ouverte dans la campagne'),
  r('SESSION_DECOUPEE', 'alerte', 'sessions', 'Une session couvre tout le cursus'),
  r('SESSION_RECRUTEMENT', 'alerte', 'sessions', 'Sessions terminées fermées au recrutement'),
  r('LIEU_COMMUNE', 'bloquant', 'sessions', 'Code postal, commune et code INSEE concordants'),
  r('LIEU_UAI', 'plateforme', 'sessions', 'Lieu à plus de 20 km du responsable doté d’un UAI'),
  r('CONV_MARCHE', 'bloquant', 'conventionne', 'Numéro de marché des sessions financées par la Région'),
  r(
    'CONV_MARCHE_INCONNU',
    'bloquant',
    'conventionne',
    'Numéro de marché connu du financeur, session dans les dates du marché',
  ),
  r('CONV_CONTACT', 'bloquant', 'conventionne', 'Contact des sessions conventionnées'),
  r('CONV_DELAI', 'alerte', 'conventionne', 'Saisie dans les délais après notification du marché'),
];

const PAR_CODE = new Map(REGLES.map((x) => [x.code, x]));

/** The rule's French label (« Responsable déclaré organisme de formation (NDA) »), null for an unknown code. */
export const libelleRegle = (code: string): string | null => PAR_CODE.get(code)?.libelle ?? null;

/** A failure as the pages word it, by severity: what it withholds. */
export const LIBELLES_ECHEC: Readonly<Record<Severite, string>> = {
  bloquant: 'Échec bloquant : l’offre sort du Catalogue général',
  plateforme: 'Échec « plateformes » : l’offre ne peut aller ni sur Parcoursup ni sur Affelnet',
  alerte: 'Alerte : n’empêche ni la diffusion ni les plateformes',
};

/** The severity of rule `code` in the table; throws on a code the table does not have (a typo). */
export function severiteDe(code: string): Severite {
  const def = PAR_CODE.get(code);
  if (!def) throw new Error(`Règle inconnue du tableau REGLES : ${code}`);
  return def.severite;
}
