/**
 * The prefix of the external key Offre makes for a formation created from a new row of the
 * campaign workbook (formats/classeur cleNouvelle): re-sending the same workbook finds that
 * formation again by it. It is no key of the organisme's.
 */
export const PREFIXE_CLE_CLASSEUR = 'classeur-';

/**
 * The formation's reference as its organisme knows it: its external key, or null when it has none
 * or when the key is the one Offre made for a workbook's new row (`classeur-…`, which means nothing
 * to its reader: a fresh user's report, 07/12/2026, saw « classeur-a2627f403ec4c80863ea » in the
 * space's « Référence » column).
 */
export function referenceOrganisme(cle: string | null | undefined): string | null {
  return cle && !cle.startsWith(PREFIXE_CLE_CLASSEUR) ? cle : null;
}
