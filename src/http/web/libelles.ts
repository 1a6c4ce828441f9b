import { apostrophes, de } from '../../domain/elision.ts';

export {
  ETAT_RECRUTEMENT,
  ETAT_RECRUTEMENT_VALEUR,
  FINANCEUR,
  TYPE_CONTACT,
  TYPE_OFFRE,
} from '../../domain/libelles.ts';

// How stored codes read on the public pages (labels live here, codes in the data).

export const NIVEAU: Readonly<Record<string, string>> = {
  '3': 'Niveau 3 (CAP, BEP)',
  '4': 'Niveau 4 (bac)',
  '5': 'Niveau 5 (bac + 2)',
  '6': 'Niveau 6 (bac + 3)',
  '7': 'Niveau 7 (bac + 5)',
  '8': 'Niveau 8 (doctorat)',
};

export const ouiNon = (b: boolean | null | undefined) =>
  b === true ? 'oui' : b === false ? 'non' : 'non renseigné';

export { accord, pluriel } from '../../domain/pluriel.ts';

/**
 * « de » before a commune's name, as French writes it: « du Mans », « des Sables-d’Olonne »,
 * « d’Alleuze », « de Nantes » (domain/elision.ts `de`, with the typographic apostrophe). `officiel`:
 * the commune's name as the communes file gives it.
 */
export const deCommune = (officiel: string): string => de(apostrophes(officiel));
