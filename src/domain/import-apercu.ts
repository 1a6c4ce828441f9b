import { nombre } from './nombres.ts';

// What the preview of an import says of itself, on the Imports pages and the command line: one
// wording for « nothing would be applied because rows are in error » and its neighbours.

/** Workbook imports count rows; LHEO imports count formations. */
export type UniteImport = 'ligne' | 'formation';

export interface EtatApercu {
  readonly libelle: string;
  /** erreur: nothing can be applied until the file is fixed; avertissement: the rows in error will be left out. */
  readonly niveau: 'erreur' | 'avertissement' | 'info';
}

/**
 * The state of a finished preview, from its counts: `erreurs` rows (or formations) in error, and
 * `applicables` that applying would create, change or close. A file whose every change is in error
 * applies nothing: it has to be fixed and sent again.
 */
export function etatApercu(erreurs: number, applicables: number, unite: UniteImport): EtatApercu {
  const enErreur = `${erreurs} ${unite}${erreurs > 1 ? 's' : ''} en erreur`;
  const laissees = erreurs > 1 ? 'laissées' : 'laissée';
  if (erreurs > 0 && applicables === 0)
    return { libelle: `Aperçu : ${enErreur}, à corriger avant d’appliquer`, niveau: 'erreur' };
  if (erreurs > 0)
    return { libelle: `Aperçu : ${enErreur}, ${laissees} de côté à l’application`, niveau: 'avertissement' };
  if (applicables === 0) return { libelle: 'Aperçu : rien à appliquer', niveau: 'info' };
  return { libelle: 'Aperçu prêt, non appliqué', niveau: 'avertissement' };
}

/** « la ligne en erreur » / « les 3 lignes en erreur », and the pronoun that stands for it. */
function enErreur(erreurs: number, unite: UniteImport) {
  return erreurs > 1
    ? { quoi: `les ${nombre(erreurs)} ${unite}s en erreur`, pronom: 'les' }
    : { quoi: `la ${unite} en erreur`, pronom: 'la' };
}

const renvoyer = (unite: UniteImport) =>
  `envoyez ${unite === 'ligne' ? 'le classeur' : 'le fichier'} à nouveau`;

/**
 * What to do with a preview that has `erreurs` rows (or formations) in error: fix them `ou` (where
 * this door writes the errors, e.g. « dans le classeur annoté (colonne « Erreurs ») »), then
 * `ensuite` (default: send the file again). `applicables`: changes applying would make.
 */
export function conseilApercu(
  erreurs: number,
  applicables: number,
  unite: UniteImport,
  ou: string,
  ensuite = renvoyer(unite),
): string {
  const { quoi, pronom } = enErreur(erreurs, unite);
  return applicables === 0
    ? `Rien ne peut être appliqué en l’état : corrigez ${quoi} ${ou}, puis ${ensuite}.`
    : `Appliquer maintenant laisserait ${quoi} de côté ; pour ${pronom} prendre en compte, corrigez-${pronom} ${ou}, puis ${ensuite}.`;
}

/** Once applied with `erreurs` rows (or formations) in error: those were not applied, the others were. */
export function conseilApplique(
  erreurs: number,
  unite: UniteImport,
  ou: string,
  ensuite = renvoyer(unite),
): string {
  const lesquelles =
    erreurs > 1
      ? `${nombre(erreurs)} ${unite}s en erreur n’ont pas été appliquées`
      : `1 ${unite} en erreur n’a pas été appliquée`;
  return `${lesquelles} (les autres sont enregistrées) : corrigez-${enErreur(erreurs, unite).pronom} ${ou}, puis ${ensuite}.`;
}
