// The one wording of a form field's error (formation, session, sign-up, accounts). Pure.

/**
 * A form field's error message, in the one style of every form (the DSFR's: the field's label,
 * then the problem): « Durée du cursus : indiquez un nombre entier de 0 à 9. ». `probleme` is a
 * sentence without its final full stop.
 */
export const erreurChamp = (libelle: string, probleme: string): string =>
  `${libelle} : ${probleme.replace(/^\p{Lu}(?=\p{Ll})/u, (c) => c.toLowerCase()).replace(/\.$/, '')}.`;
