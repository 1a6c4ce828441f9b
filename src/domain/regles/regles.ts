import { type TypeOffre, typesOffre } from '../type-offre.ts';
import { reglesCertification } from './certification.regles.ts';
import { reglesConventionne } from './conventionne.regles.ts';
import { reglesFormation } from './formation.regles.ts';
import { reglesOrganismes } from './organismes.regles.ts';
import { nonApplicable } from './resultat.ts';
import { reglesSessions } from './sessions.regles.ts';
import type { ContexteControle, FormationAControler, ResultatControle, Severite } from './types.ts';

// Every rule of docs/regles.md: its stable code, severity and what it checks (labels live here only).

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

/** Bloquant for the diffusion of the session they name, not of the formation. */
const PORTEE_SESSION: ReadonlySet<string> = new Set(['CONV_MARCHE_INCONNU']);

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

export const CODES = REGLES.map((x) => x.code);

/** The effect of a bloquant rule of session scope (docs/regles.md). */
export const EFFET_SESSION =
  'Session retenue : ni transmise ni visible ; les autres sessions restent diffusées';

export const EFFETS: Readonly<Record<Severite, string>> = {
  bloquant: 'Non réglementaire : ni transmise ni visible dans la recherche publique',
  plateforme: 'Reste au Catalogue général, mais ni Parcoursup ni Affelnet',
  alerte: 'Signalée au propriétaire et aux gestionnaires, sans effet sur la diffusion',
};

const PAR_CODE = new Map(REGLES.map((x) => [x.code, x]));
const NOMS_TYPES: Readonly<Record<TypeOffre, string>> = {
  apprentissage: 'l’offre en apprentissage',
  conventionne: 'l’offre conventionnée',
};

/**
 * Every result of every rule for one formation. A rule that does not apply to the offer's types
 * is `non_applicable`, whatever it would have found, with a message naming the type it reads.
 */
export function controlerFormation(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  const types = typesOffre(f);
  const horsType = new Set<string>();
  const out: ResultatControle[] = [];
  for (const x of [
    ...reglesOrganismes(f, ctx),
    ...reglesCertification(f, ctx),
    ...reglesFormation(f, ctx),
    ...reglesSessions(f, ctx),
    ...reglesConventionne(f, ctx),
  ]) {
    const def = PAR_CODE.get(x.code);
    if (!def || def.types.some((t) => types.includes(t))) out.push(x);
    else if (!horsType.has(x.code)) {
      horsType.add(x.code);
      const pour = def.types.map((t) => NOMS_TYPES[t]).join(' et ');
      out.push(
        nonApplicable(x.code, x.severite, null, `Règle propre à ${pour} : elle ne concerne pas cette offre.`),
      );
    }
  }
  return out;
}

export interface Derives {
  readonly catalogue: 'general' | 'non_reglementaire';
  /** Ids of the sessions withheld from diffusion by a bloquant rule of session scope. */
  readonly sessionsRetenues: readonly string[];
  readonly certifiee: boolean;
  /** Some plateforme-severity rule fails: out of Parcoursup and Affelnet. */
  readonly echecPlateforme: boolean;
}

/** The index of the session a result names (`sessions[2].numero_marche` → 2), or null. */
const indexSession = (champ: string | null): number | null => {
  const m = champ ? /^sessions\[(\d+)\]/.exec(champ) : null;
  return m ? Number(m[1]) : null;
};

/**
 * The verdicts of one formation from its results. A bloquant failure of session scope that names
 * its session withholds that session only; when it withholds every session, nothing is left to
 * diffuse and the formation is Non réglementaire as for any other bloquant failure.
 * `sessions`: the checked formation's sessions, in the order the results' `sessions[i]` count.
 */
export function deriver(
  resultats: readonly ResultatControle[],
  sessions: readonly { readonly id: string }[] = [],
): Derives {
  const echecs = resultats.filter((x) => x.resultat === 'echec');
  const retenues = new Set<string>();
  const bloquants = echecs.filter((x) => {
    if (x.severite !== 'bloquant') return false;
    const i = PAR_CODE.get(x.code)?.portee === 'session' ? indexSession(x.champ) : null;
    const s = i === null ? undefined : sessions[i];
    if (!s) return true;
    retenues.add(s.id);
    return false;
  });
  const toutRetenu = sessions.length > 0 && sessions.every((s) => retenues.has(s.id));
  return {
    catalogue: bloquants.length > 0 || toutRetenu ? 'non_reglementaire' : 'general',
    sessionsRetenues: [...retenues],
    certifiee: resultats.some((x) => x.code === 'ORG_QUALIOPI_APPRENTISSAGE' && x.resultat === 'passe'),
    echecPlateforme: echecs.some((x) => x.severite === 'plateforme'),
  };
}
