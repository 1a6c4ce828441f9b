import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Formation } from '../../domain/formation.schema.ts';
import { COLONNES_CSV, type ColonneCsv, lignesDe } from '../csv/offre-csv.writer.ts';

// The XLSX export of the diffused offer (issue 12 item 6, docs/formats.md): the columns of the CSV
// export (COLONNES_CSV, same names, same order), one row per formation × session, written with the
// exceljs streaming writer — each row is committed and flushed as it comes, so memory does not grow
// with the offer. Text is written as string cells, which a spreadsheet never evaluates: a text
// starting with `=` or `@` stays as it is (the CSV, whose cells a spreadsheet does evaluate, puts an
// apostrophe in front); booleans are « oui » / « non »; numbers stay numbers.

export const FEUILLE_XLSX = 'Offre';
export const TYPE_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Valeur = string | number | boolean | null | undefined;

// Characters a SpreadsheetML string cannot carry as they are (ECMA-376 ST_Xstring): the controls XML
// 1.0 forbids, DEL, CR (XML parsers turn it into LF), U+FFFE/U+FFFF and lone surrogates — exceljs
// drops some and writes others raw, which makes the whole file unreadable — and the `_` that starts
// a literal `_xHHHH_` (a spreadsheet would read it as an escape).
const A_ECHAPPER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point.
  /_(?=x[0-9A-Fa-f]{4}_)|[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// A plain character class first: most cells hold none of these, and it is 4 times cheaper to scan.
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
const PEUT_ECHAPPER = /[\u0000-\u0008\u000B-\u001F\u007F_\uD800-\uDFFF\uFFFE\uFFFF]/;

/**
 * A text as a SpreadsheetML string: each character of A_ECHAPPER as `_xHHHH_` (its UTF-16 code
 * unit), which Excel and LibreOffice turn back into the character. Other text unchanged.
 */
export const texteXlsx = (s: string): string =>
  PEUT_ECHAPPER.test(s)
    ? s.replace(A_ECHAPPER, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`)
    : s;

/** One cell: null empty, booleans « oui » / « non », numbers as numbers, text escaped (a string cell, never a formula). */
export const celluleXlsx = (v: Valeur): string | number | null =>
  v === null || v === undefined
    ? null
    : typeof v === 'boolean'
      ? v
        ? 'oui'
        : 'non'
      : typeof v === 'number'
        ? v
        : texteXlsx(v);

/** The number formats of the date columns: read as dates by every spreadsheet, shown the French way. */
export const FORMAT_DATE = 'dd/mm/yyyy';
export const FORMAT_HORODATAGE = 'dd/mm/yyyy hh:mm:ss';

const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/**
 * A date column's value as a spreadsheet date (exceljs writes a Date as its serial number, read in
 * UTC): a day (AAAA-MM-JJ) at midnight; a timestamp at its wall-clock time in Paris (a spreadsheet
 * date has no time zone). A value that is not a date stays as it is.
 */
export function dateXlsx(v: Valeur, type: 'date' | 'horodatage'): string | number | Date | null {
  if (typeof v !== 'string') return celluleXlsx(v);
  if (type === 'date') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : celluleXlsx(v);
  }
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return celluleXlsx(v);
  const p = Object.fromEntries(PARIS.formatToParts(d).map((x) => [x.type, Number(x.value)]));
  return new Date(Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!));
}

/** What a stream exposes of its writable side (node and readable-stream 2, which exceljs's zip uses). */
interface CoteEcriture {
  readonly _writableState?: { readonly needDrain?: boolean; readonly length?: number };
  once(event: 'drain', listener: () => void): unknown;
}

/**
 * Where exceljs writes a worksheet's XML: the worksheet's own buffer (exceljs `StreamBuf`) pipes
 * into the zip entry's input (a readable-stream PassThrough of archiver). exceljs writes there
 * without looking at the return value, so when deflating falls behind (a busy machine), the XML
 * piles up in that PassThrough: up to 20 MB measured on 50,000 formations. Returns that input (to
 * wait for its `drain`), or null if exceljs is not shaped as 4.4.0 is — the unit test
 * (offre-xlsx.writer.test.ts) fails then, rather than memory growing silently after an upgrade.
 */
export function entreeZipDeLaFeuille(ws: ExcelJS.Worksheet): CoteEcriture | null {
  const pipes = (ws as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
  const entree = pipes?.length === 1 ? (pipes[0] as Partial<CoteEcriture>) : null;
  return entree?._writableState && typeof entree.once === 'function' ? (entree as CoteEcriture) : null;
}

/** Sheet XML left waiting for the zip above which the export waits for the zip to catch up. */
const EN_ATTENTE_MAX = 2 * 1024 * 1024;

/** Waits until `w` has passed on what it holds if it holds more than `max` bytes. */
const rattrapee = async (w: CoteEcriture | null, max: number) => {
  if ((w?._writableState?.length ?? 0) > max && w?._writableState?.needDrain)
    await once(w as unknown as NodeJS.EventEmitter, 'drain');
};

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
    // Styles for the date columns' number format (FORMAT_DATE, FORMAT_HORODATAGE).
    useStyles: true,
    useSharedStrings: false,
    // Deflate level 1: the export spends its time compressing at the default level (6) for a file
    // a few per cent smaller.
    zip: { zlib: { level: 1 } },
  });
  wb.creator = 'Offre';
  const ws = wb.addWorksheet(FEUILLE_XLSX, { views: [{ state: 'frozen', ySplit: 1 }] });
  // A date column's cells take its number format (exceljs styles a new cell as its column).
  ws.columns = colonnes.map((c) => ({
    ...(c.type ? { style: { numFmt: c.type === 'date' ? FORMAT_DATE : FORMAT_HORODATAGE } } : {}),
  }));
  ws.addRow(colonnes.map((c) => c.nom)).commit();
  let n = 0;
  for await (const page of formations) {
    for (const f of page)
      for (const l of lignesDe(f))
        ws.addRow(
          colonnes.map((c) => (c.type ? dateXlsx(c.valeur(l), c.type) : celluleXlsx(c.valeur(l)))),
        ).commit();
    n += page.length;
    onPage?.(n);
    // exceljs's streams ignore backpressure: rows committed faster than the zip deflates and `out`
    // writes pile up in memory. After each page, if more than EN_ATTENTE_MAX of sheet XML waits
    // for the zip, wait until the zip has taken it all (below that, compressing overlaps the next
    // page); then until `out` has taken the zip's output.
    await new Promise(setImmediate);
    await rattrapee(entreeZipDeLaFeuille(ws), EN_ATTENTE_MAX);
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  ws.commit();
  await wb.commit();
  return n;
}
