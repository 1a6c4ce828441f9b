import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Formation } from '../../domain/formation.schema.ts';
import { COLONNES_CSV, type ColonneCsv, lignesDe, neutralizeFormule } from '../csv/offre-csv.writer.ts';

// The XLSX export of the diffused offer (issue 12 item 6, docs/formats.md): the columns of the CSV
// export (COLONNES_CSV, same names, same order), one row per formation × session, written with the
// exceljs streaming writer — each row is committed and flushed as it comes, so memory does not grow
// with the offer. Text cells that a spreadsheet would run as a formula are neutralised as in the CSV
// (a leading apostrophe); booleans are « oui » / « non »; numbers stay numbers.

export const FEUILLE_XLSX = 'Offre';
export const TYPE_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Valeur = string | number | boolean | null | undefined;

export const celluleXlsx = (v: Valeur): string | number | null =>
  v === null || v === undefined
    ? null
    : typeof v === 'boolean'
      ? v
        ? 'oui'
        : 'non'
      : typeof v === 'number'
        ? v
        : neutralizeFormule(v);

/** Writes the workbook to `out` and returns the number of formations written. */
export async function writeXlsx(
  out: Writable,
  formations: AsyncIterable<readonly Formation[]>,
  onPage?: (n: number) => void,
  /** The columns (default: the open export's; partner files choose theirs). */
  colonnes: readonly ColonneCsv[] = COLONNES_CSV,
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
    // Deflate level 1: the export spends its time compressing at the default level (6) for a file
    // a few per cent smaller.
    zip: { zlib: { level: 1 } },
  });
  wb.creator = 'Offre';
  const ws = wb.addWorksheet(FEUILLE_XLSX, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(colonnes.map((c) => c.nom)).commit();
  let n = 0;
  for await (const page of formations) {
    for (const f of page)
      for (const l of lignesDe(f)) ws.addRow(colonnes.map((c) => celluleXlsx(c.valeur(l)))).commit();
    n += page.length;
    onPage?.(n);
    // exceljs's streams ignore backpressure: rows committed faster than the zip deflates and `out`
    // writes pile up in memory. Wait for both after each page.
    await new Promise(setImmediate);
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  ws.commit();
  await wb.commit();
  return n;
}
