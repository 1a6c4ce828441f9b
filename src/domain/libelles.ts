import type { ETATS_RECRUTEMENT } from './formation.schema.ts';
import type { TypeOffre } from './type-offre.ts';

// How stored codes read (labels live here, codes in the data): the pages, the history, the
// imports' reports and the command line.

/** A session's recruitment state as a value read after its field's name (« recrutement : fermé »). */
export const ETAT_RECRUTEMENT_VALEUR: Readonly<Record<(typeof ETATS_RECRUTEMENT)[number], string>> = {
  ouvert: 'ouvert',
  suspendu: 'suspendu',
  ferme: 'fermé',
};

/** A session's recruitment state on its own (« Recrutement fermé »). */
export const ETAT_RECRUTEMENT: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ETAT_RECRUTEMENT_VALEUR).map(([k, v]) => [k, `Recrutement ${v}`]),
);

export const TYPE_CONTACT: Readonly<Record<string, string>> = {
  referent_handicap: 'Référent handicap',
  pedagogique: 'Contact pédagogique',
  accueil: 'Accueil',
  referent_apprentissage: 'Référent apprentissage',
  autre: 'Contact',
};

export const FINANCEUR: Readonly<Record<string, string>> = {
  region: 'Région',
  france_travail: 'France Travail',
  agefiph: 'Agefiph',
  opco: 'Opérateur de compétences',
};

/** The article before a funder's name inside a sentence; none for France Travail. */
const ARTICLE_FINANCEUR: Readonly<Record<string, string>> = { region: 'la ', agefiph: 'l’', opco: 'l’' };

/** A funder named inside a sentence (FINANCEUR with its article): « la Région », « France Travail », « l’Agefiph ». */
export const financeurDansLaPhrase = (code: string): string =>
  `${ARTICLE_FINANCEUR[code] ?? ''}${FINANCEUR[code] ?? code}`;

/** An offer's type (domain/type-offre.ts), as the public search's filter names it. */
export const TYPE_OFFRE: Readonly<Record<TypeOffre, string>> = {
  apprentissage: 'En apprentissage',
  conventionne: 'Conventionnée (financée)',
};
