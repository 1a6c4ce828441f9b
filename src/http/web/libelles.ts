import type { ETATS_RECRUTEMENT } from '../../domain/formation.schema.ts';
import { nombre } from '../../domain/nombres.ts';

// How stored codes read on the public pages (labels live here, codes in the data).

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

/** A session's entries and exits (`entree_sortie`), read after « entrées et sorties : ». */
export const ENTREE_SORTIE: Readonly<Record<string, string>> = {
  dates_fixes: 'à dates fixes',
  permanente: 'permanentes',
};

export const NIVEAU: Readonly<Record<string, string>> = {
  '3': 'Niveau 3 (CAP, BEP)',
  '4': 'Niveau 4 (bac)',
  '5': 'Niveau 5 (bac + 2)',
  '6': 'Niveau 6 (bac + 3)',
  '7': 'Niveau 7 (bac + 5)',
  '8': 'Niveau 8 (doctorat)',
};

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

const MOIS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** '2027-09-06' → '6 septembre 2027'. */
export function dateLongue(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!m) return 'date non renseignée';
  const jour = Number(m[3]);
  return `${jour === 1 ? '1er' : jour} ${MOIS[Number(m[2]) - 1]} ${m[1]}`;
}

export const ouiNon = (b: boolean | null | undefined) =>
  b === true ? 'oui' : b === false ? 'non' : 'non renseigné';

export const pluriel = (n: number, un: string, plusieurs: string) => `${nombre(n)} ${n > 1 ? plusieurs : un}`;

/**
 * « de » before a commune's name, as French writes it: « du Mans », « des Sables-d’Olonne »,
 * « d’Alleuze », « de Nantes » (an initial h is left as « de »: aspirated or not depends on the
 * name). `nom`: the commune's name as the communes file gives it.
 */
export function deCommune(nom: string): string {
  if (/^Le /.test(nom)) return `du ${nom.slice(3)}`;
  if (/^Les /.test(nom)) return `des ${nom.slice(4)}`;
  if (/^[AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ]/i.test(nom)) return `d’${nom}`;
  return `de ${nom}`;
}
