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
 * The rows (or formations) refused only because another write changed them meanwhile
 * (IMPORT_CONCURRENT), among `erreurs`: there is nothing to correct in them, the file is sent again.
 */
function nonACorriger(concurrentes: number, erreurs: number, unite: UniteImport): string {
  if (concurrentes === 1)
    return `${erreurs === 2 ? 'L’autre' : `Une ${unite} sur les ${nombre(erreurs)}`} n’est pas à corriger : une autre écriture la modifiait au même moment ; elle sera enregistrée au prochain envoi.`;
  return `${nombre(concurrentes)} autres ne sont pas à corriger : d’autres écritures les modifiaient au même moment ; elles seront enregistrées au prochain envoi.`;
}

/** Every one of the `n` rows (or formations) refused was refused for a lost race: nothing to correct. */
function seulementConcurrentes(n: number, unite: UniteImport) {
  return n > 1
    ? {
        sujet: `${nombre(n)} ${unite}s`,
        ecriture: 'd’autres écritures les modifiaient au même moment',
        suite: `Elles ne sont pas à corriger : envoyez ${unite === 'ligne' ? 'le classeur' : 'le fichier'} à nouveau dans un instant.`,
      }
    : {
        sujet: `1 ${unite}`,
        ecriture: 'une autre écriture la modifiait au même moment',
        suite: `Elle n’est pas à corriger : envoyez ${unite === 'ligne' ? 'le classeur' : 'le fichier'} à nouveau dans un instant.`,
      };
}

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
  concurrentes = 0,
): string {
  if (concurrentes > 0 && concurrentes >= erreurs) {
    const c = seulementConcurrentes(erreurs, unite);
    return applicables === 0
      ? `Rien ne peut être appliqué en l’état : ${c.ecriture} (${c.sujet}). ${c.suite}`
      : `Appliquer maintenant laisserait de côté ${c.sujet} : ${c.ecriture}. ${c.suite.replace(' : envoyez', ' : appliquez, puis envoyez')}`;
  }
  const { quoi, pronom } = enErreur(erreurs - concurrentes, unite);
  const suite = concurrentes > 0 ? ` ${nonACorriger(concurrentes, erreurs, unite)}` : '';
  const corrigez = concurrentes > 0 ? `corrigez ${quoi}` : `corrigez-${pronom}`;
  return applicables === 0
    ? `Rien ne peut être appliqué en l’état : corrigez ${quoi} ${ou}, puis ${ensuite}.${suite}`
    : `Appliquer maintenant laisserait ${quoi} de côté ; pour ${pronom} prendre en compte, ${corrigez} ${ou}, puis ${ensuite}.${suite}`;
}

/**
 * Once applied with `erreurs` rows (or formations) in error: those were not applied, the others
 * were. `concurrentes` of them were refused only because another write changed them meanwhile
 * (IMPORT_CONCURRENT): those are not to be corrected, only sent again.
 */
export function conseilApplique(
  erreurs: number,
  unite: UniteImport,
  ou: string,
  ensuite = renvoyer(unite),
  concurrentes = 0,
): string {
  if (concurrentes > 0 && concurrentes >= erreurs) {
    const c = seulementConcurrentes(erreurs, unite);
    const enregistree = erreurs > 1 ? 'n’ont pas été enregistrées' : 'n’a pas été enregistrée';
    return `${c.sujet} ${enregistree} (les autres le sont) : ${c.ecriture}. ${c.suite}`;
  }
  const lesquelles =
    erreurs > 1
      ? `${nombre(erreurs)} ${unite}s en erreur n’ont pas été appliquées`
      : `1 ${unite} en erreur n’a pas été appliquée`;
  if (concurrentes === 0)
    return `${lesquelles} (les autres sont enregistrées) : corrigez-${enErreur(erreurs, unite).pronom} ${ou}, puis ${ensuite}.`;
  return `${lesquelles} (les autres sont enregistrées) : corrigez ${enErreur(erreurs - concurrentes, unite).quoi} ${ou}, puis ${ensuite}. ${nonACorriger(concurrentes, erreurs, unite)}`;
}
