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
// each part in the order the reader needs and parses it (saxes, the guard's checks on the way);
// exceljs's readers get the guard's parsing events, never the text (lecteursSurEvenements).
const requireCjs = createRequire(import.meta.url);

/** One event of exceljs's SAX parsing (exceljs/lib/utils/parse-sax.js), as its readers consume them. */
export type EvenementSax =
  | { readonly eventType: 'opentag' | 'closetag'; readonly value: unknown }
  | { readonly eventType: 'text'; readonly value: string };

/**
 * exceljs's parse-sax (exceljs/lib/utils/parse-sax.js) for the readers below: their input is the
 * events the guard's parser already produced (classeur.guard.ts `evenementsGardes`), a batch a
 * chunk, handed on as they are: each part is parsed once, by the guard, instead of twice.
 */
async function* evenementsDejaLus(iterable: AsyncIterable<unknown>): AsyncGenerator<EvenementSax[]> {
  for await (const lot of iterable) {
    if (!Array.isArray(lot)) throw new TypeError('lot d’événements XML attendu');
    yield lot as EvenementSax[];
  }
}

/**
 * Fresh copies of exceljs's streaming readers whose `parseSax` is evenementsDejaLus: they are
 * loaded with parse-sax's entry in the module cache swapped for it, then the cache is put back as it
 * was (exceljs's own readers, and everything else of exceljs, stay untouched).
 */
function lecteursSurEvenements() {
  const cache = requireCjs.cache;
  const chemins = ['parse-sax', 'workbook-reader', 'worksheet-reader'].map((m) =>
    requireCjs.resolve(
      m === 'parse-sax' ? 'exceljs/lib/utils/parse-sax.js' : `exceljs/lib/stream/xlsx/${m}.js`,
    ),
  ) as [string, string, string];
  const avant = chemins.map((c) => cache[c]);
  try {
    requireCjs(chemins[0]); // parse-sax's own entry exists, so that only its exports are swapped
    const entree = cache[chemins[0]]!;
    cache[chemins[0]] = Object.assign(Object.create(entree), { exports: evenementsDejaLus });
    delete cache[chemins[1]];
    delete cache[chemins[2]];
    return { workbook: requireCjs(chemins[1]) as unknown, worksheet: requireCjs(chemins[2]) as unknown };
  } finally {
    chemins.forEach((c, i) => {
      if (avant[i]) cache[c] = avant[i];
      else if (i > 0) delete cache[c];
    });
    if (!avant[0]) delete cache[chemins[0]];
  }
}
const surEvenements = lecteursSurEvenements();

export interface LecteurClasseur {
  sharedStrings?: unknown[];
  styles: unknown;
  properties?: unknown;
  model?: { sheets?: { name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  /** `entry`: a stream of event batches (evenementsDejaLus). */
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
}
export const WorkbookReader = surEvenements.workbook as new (
  input: null,
  options: Record<string, string>,
) => LecteurClasseur;
/** `iterator`: event batches (evenementsDejaLus), not text. */
export const WorksheetReader = surEvenements.worksheet as new (o: {
  workbook: LecteurClasseur;
  id: number;
  iterator: AsyncIterable<EvenementSax[]>;
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
