import { COLONNES_CSV } from './csv/offre-csv.writer.ts';

// Offre's own exports of the offer (CSV and XLSX, the same columns: COLONNES_CSV) are for reading,
// not for importing back. Given to an import (a reference file, a campaign workbook), such a file
// is named for what it is, with what to do instead — never a command that would refuse it too
// (fresh operator, 07/12/2026: the XLSX export was said to be a campaign workbook).

/** The first columns of every export, as Offre writes them (formation_id, cle_externe, intitule). */
const TETE = COLONNES_CSV.slice(0, 3).map((c) => c.nom);

/** Whether a header row is the one of Offre's CSV or XLSX export (its first columns, as written). */
export const enteteExportOffre = (cellules: readonly (string | null | undefined)[]): boolean =>
  TETE.every((nom, i) => (cellules[i] ?? '').replace(/^\uFEFF/, '').trim() === nom);

/** The columns cited to show the file is an export. */
export const COLONNES_EXPORT = `colonnes ${TETE.join(', ')}…`;

/** What to do instead of importing an export, as a sentence (no final full stop). */
export const EXPORT_NON_REIMPORTABLE =
  'Un export ne se réimporte pas : pour modifier l’offre d’un organisme, exportez son classeur de campagne (« offre export classeur --siret <siret> --campagne <année> » ou depuis l’espace de l’organisme), remplissez-le, puis importez-le (« offre import classeur <fichier> »)';
