import type ExcelJS from 'exceljs';
import { ligneRegle } from '../../domain/apercu-regles.ts';
import { COLONNE_ERREURS, FEUILLE_OFFRE, NB_COLONNES } from './classeur.columns.ts';
import type { RapportClasseur } from './classeur.report.ts';

// The returned workbook, given back with an `Erreurs` column: the organisation fixes the rows in
// error and imports the same file again (the column is ignored on import).

export async function classeurAvecErreurs(
  workbook: ExcelJS.Workbook,
  rapport: RapportClasseur,
): Promise<Buffer> {
  const ws = workbook.getWorksheet(FEUILLE_OFFRE)!;
  const col = NB_COLONNES + 1;
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell) => {
      // A file that comes back to people never carries formulas we did not write (DDE, web calls).
      const v = cell.value as ExcelJS.CellFormulaValue | null;
      if (v && typeof v === 'object' && ('formula' in v || 'sharedFormula' in v))
        cell.value = (v.result ?? null) as ExcelJS.CellValue;
    });
    row.getCell(col).value = null;
  });
  const head = ws.getRow(1).getCell(col);
  head.value = COLONNE_ERREURS;
  head.font = { bold: true };
  ws.getColumn(col).width = 70;
  for (const l of rapport.lignes) {
    const textes = [
      ...l.erreurs.map((e) => e.message),
      ...l.avertissements.map((a) => `Attention : ${a.message}`),
      // A preview's blocking rules that the row's formation would fail (services/imports/apercu-regles.ts).
      ...(l.regles?.introduites ?? []).map((r) => `Attention : ${ligneRegle(r, 'introduites')}`),
    ];
    if (textes.length === 0) continue;
    const cell = ws.getRow(l.ligne).getCell(col);
    cell.value = textes.join('\n');
    cell.alignment = { wrapText: true, vertical: 'top' };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
