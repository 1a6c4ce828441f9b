import type { ETATS_RECRUTEMENT, FINANCEURS, TYPES_CONTACT } from '../../domain/formation.schema.ts';

// LHEO dictionary codes shared by the reader and the writer (the XSD lists the codes, the LHEO
// dictionaries give their meaning). One table per dictionary, read in both directions.

type Etat = (typeof ETATS_RECRUTEMENT)[number];
type Financeur = (typeof FINANCEURS)[number];
type TypeContact = (typeof TYPES_CONTACT)[number];

/** dict-etat-recrutement: 1 ouvert, 2 fermé, 3 suspendu. */
export const ETAT_RECRUTEMENT: Readonly<Record<string, Etat>> = {
  '1': 'ouvert',
  '2': 'ferme',
  '3': 'suspendu',
};
export const ETAT_RECRUTEMENT_CODE: Readonly<Record<Etat, string>> = {
  ouvert: '1',
  ferme: '2',
  suspendu: '3',
};

/** dict-financeurs: 2 Conseil régional, 4 Pôle emploi / France Travail, 7 Agefiph, 16 OPCA (now OPCO). */
export const FINANCEUR: Readonly<Record<string, Financeur>> = {
  '2': 'region',
  '4': 'france_travail',
  '7': 'agefiph',
  '16': 'opco',
};
/**
 * Every code of LHEO 2.3's dict-financeurs (lheo-2.3.xsd, code-financeur: 0 to 20). A code outside
 * it refuses the record (LHEO_FINANCEUR_INCONNU); one inside it that FINANCEUR does not map is
 * reported, not stored (LHEO_FINANCEUR_NON_REPRIS).
 */
export const CODES_FINANCEUR_LHEO: ReadonlySet<string> = new Set(
  Array.from({ length: 21 }, (_, i) => String(i)),
);

/** What Offre maps of dict-financeurs, as the reports say it. */
export const FINANCEURS_REPRIS = '2 Région, 4 France Travail, 7 Agefiph, 16 OPCO';

export const FINANCEUR_CODE: Readonly<Record<Financeur, string>> = {
  region: '2',
  france_travail: '4',
  agefiph: '7',
  opco: '16',
};

/**
 * type-contact: LHEO qualifies contacts with a code; Offre's types without their own LHEO code
 * travel as code 0 plus an `extra info="type-contact-offre"` so that a round trip keeps them.
 */
export const TYPE_CONTACT: Readonly<Record<string, TypeContact>> = {
  '0': 'autre',
  '1': 'referent_handicap',
  '3': 'pedagogique',
};
export const TYPE_CONTACT_CODE: Readonly<Record<TypeContact, string>> = {
  autre: '0',
  referent_handicap: '1',
  pedagogique: '3',
  accueil: '0',
  referent_apprentissage: '0',
};

/** The schema's conventions for unknown values (mandatory elements must always be present). */
export const INCONNU = {
  texte: 'Non renseigné',
  siret: '00000000000000',
  nda: '00000000000',
  codePostal: '00000',
  debut: '00000000',
  fin: '99999999',
} as const;

/** Offre-specific facts LHEO has no element for, carried in `<extras info="offre">`. */
export const EXTRAS_OFFRE = 'offre';
