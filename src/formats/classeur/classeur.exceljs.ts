import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';

// The one file that knows exceljs's internals: an upgrade of exceljs is checked here and against
// classeur.cellules.test.ts and the classeur tests.
//
// exceljs's streaming parts (exceljs 4.4, lib/stream/xlsx; no published types). Its public
// WorkbookReader is not used as it is: it unzips by local headers in the archive's order (sheets
// put in temporary files until the shared strings come), and decodes each chunk on its own, which
// breaks a multi-byte character cut between two chunks (« é » read « �� »). Here the guard inflates
// each part in the order the reader needs and hands exceljs already decoded text.
const requireCjs = createRequire(import.meta.url);
export interface LecteurClasseur {
  sharedStrings?: unknown[];
  styles: unknown;
  properties?: unknown;
  model?: { sheets?: { name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
}
export const WorkbookReader = requireCjs('exceljs/lib/stream/xlsx/workbook-reader.js') as new (
  input: null,
  options: Record<string, string>,
) => LecteurClasseur;
export const WorksheetReader = requireCjs('exceljs/lib/stream/xlsx/worksheet-reader.js') as new (o: {
  workbook: LecteurClasseur;
  id: number;
  iterator: AsyncIterable<string>;
  options: Record<string, string>;
}) => AsyncIterable<ExcelJS.Row>;
export const utilsExcel = requireCjs('exceljs/lib/utils/utils.js') as {
  isDateFmt(fmt: string | undefined): boolean;
  excelToDate(serie: number, date1904: boolean): Date;
};
export const RowExcel = requireCjs('exceljs/lib/doc/row.js') as new (
  ws: unknown,
  numero: number,
) => ExcelJS.Row;
