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

/**
 * The end of a refused workbook row's own message (« … La ligne est laissée de côté. »): a row
 * speaks of itself only, never of the other rows — whether anything else is applied is the
 * summary's (conseilApercu, conseilApplique), from the counts, so that the two never disagree
 * (a fresh user read « Rien ne peut être appliqué en l’état » above a row that said « les autres
 * lignes seront appliquées »). An LHEO formation's refusal does the same.
 */
export const LIGNE_LAISSEE = 'La ligne est laissée de côté';

/** The counts of a preview (or of an applied import) that its advice depends on. */
export interface ComptesConseil {
  /** Rows (or formations) in error. */
  readonly erreurs: number;
  /** Changes applying would make (a preview) or made (applied): created, changed, closed. */
  readonly applicables: number;
  /** Of the `erreurs`, those refused only for a lost race (IMPORT_CONCURRENT): sent again, not corrected. */
  readonly concurrentes?: number;
  /**
   * Of the `erreurs`, those about a formation outside the importer's perimeter (another région's
   * for a gestionnaire, another organisme's for an organisme): not to be corrected, to be imported
   * by whoever may (classeur.report.ts horsPerimetre, imports.libelles.ts comptesApercu).
   */
  readonly horsPerimetre?: number;
}

/** « la ligne en erreur » / « les 3 lignes en erreur », and the pronoun that stands for it. */
function enErreur(erreurs: number, unite: UniteImport) {
  return erreurs > 1
    ? { quoi: `les ${nombre(erreurs)} ${unite}s en erreur`, pronom: 'les' }
    : { quoi: `la ${unite} en erreur`, pronom: 'la' };
}

const renvoyer = (unite: UniteImport) =>
  `envoyez ${unite === 'ligne' ? 'le classeur' : 'le fichier'} à nouveau`;

/** « 1 ligne », « 3 formations ». */
const compte = (n: number, unite: UniteImport) => `${nombre(n)} ${unite}${n > 1 ? 's' : ''}`;

/**
 * The rows (or formations) refused only because another write changed them meanwhile
 * (IMPORT_CONCURRENT), among `erreurs`: there is nothing to correct in them, the file is sent again.
 */
function nonACorriger(concurrentes: number, erreurs: number, unite: UniteImport): string {
  if (concurrentes === 1)
    return `${erreurs === 2 ? 'L’autre' : `Une ${unite} sur les ${nombre(erreurs)}`} n’est pas à corriger : une autre écriture la modifiait au même moment ; elle sera enregistrée au prochain envoi.`;
  return `${nombre(concurrentes)} autres ne sont pas à corriger : d’autres écritures les modifiaient au même moment ; elles seront enregistrées au prochain envoi.`;
}

/** Who may import the rows (formations) outside the importer's perimeter. */
const parQui = (n: number) =>
  `faites-${n > 1 ? 'les' : 'la'} importer par l’organisme de ${n > 1 ? 'ces formations' : 'cette formation'} ou par un gestionnaire de sa région`;

/** « porte sur une formation hors de votre périmètre » (a row), « est hors de votre périmètre » (a formation). */
const horsDe = (n: number, unite: UniteImport) =>
  unite === 'ligne'
    ? `${n > 1 ? 'portent sur des formations' : 'porte sur une formation'} hors de votre périmètre`
    : `${n > 1 ? 'sont' : 'est'} hors de votre périmètre`;

/** The `hors` rows (formations) outside the perimeter, among `erreurs` others to correct or sent again. */
function horsAussi(hors: number, erreurs: number, unite: UniteImport): string {
  const sujet =
    hors === 1
      ? erreurs === 2
        ? 'L’autre'
        : `Une ${unite} sur les ${nombre(erreurs)}`
      : `${nombre(hors)} autres`;
  return `${sujet} ${horsDe(hors, unite)} : ${hors > 1 ? 'elles ne sont pas' : 'elle n’est pas'} à corriger, ${parQui(hors)}.`;
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
 * What to do with a preview whose counts are `c`: fix the rows (or formations) in error `ou` (where
 * this door writes the errors, e.g. « dans le classeur annoté (colonne « Erreurs ») »), then
 * `ensuite` (default: send the file again); those refused for a lost race are sent again, those
 * outside the importer's perimeter imported by whoever may. Says « Rien ne peut être appliqué »
 * exactly when `c.applicables` is 0, and never speaks of « the other rows » then.
 */
export function conseilApercu(
  c: ComptesConseil,
  unite: UniteImport,
  ou: string,
  ensuite = renvoyer(unite),
): string {
  const { erreurs, applicables } = c;
  const concurrentes = Math.min(c.concurrentes ?? 0, erreurs);
  const hors = Math.min(c.horsPerimetre ?? 0, erreurs - concurrentes);
  const aCorriger = erreurs - concurrentes - hors;
  if (aCorriger === 0 && hors === 0) {
    const x = seulementConcurrentes(erreurs, unite);
    return applicables === 0
      ? `Rien ne peut être appliqué en l’état : ${x.ecriture} (${x.sujet}). ${x.suite}`
      : `Appliquer maintenant laisserait de côté ${x.sujet} : ${x.ecriture}. ${x.suite.replace(' : envoyez', ' : appliquez, puis envoyez')}`;
  }
  if (aCorriger === 0) {
    const suite = concurrentes > 0 ? ` ${nonACorriger(concurrentes, erreurs, unite)}` : '';
    const sujet =
      hors > 1
        ? `les ${nombre(hors)} ${unite}s en erreur ${horsDe(hors, unite)}`
        : `la ${unite} en erreur ${horsDe(1, unite)}`;
    const pas = `${hors > 1 ? 'elles ne sont pas' : 'elle n’est pas'} à corriger : ${parQui(hors)}`;
    return applicables === 0
      ? `Rien ne peut être appliqué en l’état : ${sujet} ; ${pas}.${suite}`
      : `Appliquer maintenant laisserait de côté ${compte(hors, unite)} hors de votre périmètre ; ${pas}.${suite}`;
  }
  const { quoi, pronom } = enErreur(aCorriger, unite);
  const suite =
    (hors > 0 ? ` ${horsAussi(hors, erreurs, unite)}` : '') +
    (concurrentes > 0 ? ` ${nonACorriger(concurrentes, erreurs, unite)}` : '');
  if (aCorriger === erreurs)
    return applicables === 0
      ? `Rien ne peut être appliqué en l’état : corrigez ${quoi} ${ou}, puis ${ensuite}.${suite}`
      : `Appliquer maintenant laisserait ${quoi} de côté ; pour ${pronom} prendre en compte, corrigez-${pronom} ${ou}, puis ${ensuite}.${suite}`;
  // Some of the rows in error only are to be corrected: counted among all of them, so that the
  // figures agree with the summary's « N lignes en erreur » (a fresh user read « 7 lignes en
  // erreur », then « corrigez les 6 lignes en erreur », 06/12).
  return applicables === 0
    ? `Rien ne peut être appliqué en l’état : des ${compte(erreurs, unite)} en erreur, corrigez-en ${unes(aCorriger)} ${ou}, puis ${ensuite}.${suite}`
    : `Appliquer maintenant laisserait ${enErreur(erreurs, unite).quoi} de côté ; pour en prendre ${unes(aCorriger)} en compte, corrigez-${pronom} ${ou}, puis ${ensuite}.${suite}`;
}

/** « une », « 6 »: how many, after « corrigez-en » (rows and formations are feminine). */
const unes = (n: number) => (n === 1 ? 'une' : nombre(n));

/**
 * Once applied with `c.erreurs` rows (or formations) in error: those were not applied, the others
 * were — « (les autres sont enregistrées) » only when something was (`c.applicables`). Those
 * refused for a lost race are sent again, those outside the perimeter imported by whoever may.
 */
export function conseilApplique(
  c: ComptesConseil,
  unite: UniteImport,
  ou: string,
  ensuite = renvoyer(unite),
): string {
  const { erreurs } = c;
  const concurrentes = Math.min(c.concurrentes ?? 0, erreurs);
  const hors = Math.min(c.horsPerimetre ?? 0, erreurs - concurrentes);
  const aCorriger = erreurs - concurrentes - hors;
  const autres = c.applicables > 0 ? 'les autres sont enregistrées' : `aucune ${unite} n’a été enregistrée`;
  if (aCorriger === 0 && hors === 0) {
    const x = seulementConcurrentes(erreurs, unite);
    const enregistree = erreurs > 1 ? 'n’ont pas été enregistrées' : 'n’a pas été enregistrée';
    return `${x.sujet} ${enregistree} (${c.applicables > 0 ? 'les autres le sont' : 'ni aucune autre'}) : ${x.ecriture}. ${x.suite}`;
  }
  const lesquelles = (n: number, quelles: string) =>
    n > 1
      ? `${nombre(n)} ${unite}s ${quelles} n’ont pas été appliquées`
      : `1 ${unite} ${quelles} n’a pas été appliquée`;
  if (aCorriger === 0) {
    const suite = concurrentes > 0 ? ` ${nonACorriger(concurrentes, erreurs, unite)}` : '';
    return `${lesquelles(hors, 'hors de votre périmètre')} (${autres}) : ${hors > 1 ? 'elles ne sont pas' : 'elle n’est pas'} à corriger, ${parQui(hors)}.${suite}`;
  }
  const suite =
    (hors > 0 ? ` ${horsAussi(hors, erreurs, unite)}` : '') +
    (concurrentes > 0 ? ` ${nonACorriger(concurrentes, erreurs, unite)}` : '');
  if (aCorriger === erreurs)
    return `${lesquelles(erreurs, 'en erreur')} (${autres}) : corrigez-${enErreur(erreurs, unite).pronom} ${ou}, puis ${ensuite}.`;
  return `${lesquelles(erreurs, 'en erreur')} (${autres}) : corrigez-en ${unes(aCorriger)} ${ou}, puis ${ensuite}.${suite}`;
}
