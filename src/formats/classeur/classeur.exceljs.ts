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

interface ColCache {
  decodeAddress(ref: string): { readonly col?: number };
}
const colCache = requireCjs('exceljs/lib/utils/col-cache.js') as ColCache;
/** One shared `{ col }` a column number (colonneDeReference's answers; frozen, never written). */
const parColonne: { readonly col: number }[] = [];

/**
 * exceljs's col-cache for the sheet reader below, which calls `colCache.decodeAddress(c.ref)` once
 * for every cell and reads only its `col` (its other use, `l2n`, stays exceljs's: the copy given
 * to the reader inherits everything but decodeAddress). exceljs's decodeAddress builds, for
 * every cell past the 100th row or column, a new object and three strings (the address, its
 * `$A$1` form, the letters and digits concatenated one character at a time): ≈ 200,000 of each for
 * a 5,000-row workbook, all thrown away at once. A plain reference (`A1`…`XFD1048576`: capital
 * letters then digits, column ≤ 16,384) gets here its column computed as exceljs computes it,
 * in one shared object per column; anything else goes to exceljs's own decodeAddress (same
 * answer, same errors).
 */
export function colonneDeReference(ref: string): { readonly col?: number } {
  if (typeof ref === 'string') {
    const n = ref.length;
    let col = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = ref.charCodeAt(i);
      if (c < 65 || c > 90) break;
      col = col * 26 + c - 64;
    }
    if (i > 0 && i < n && col <= 16_384) {
      let j = i;
      while (j < n && ref.charCodeAt(j) >= 48 && ref.charCodeAt(j) <= 57) j++;
      if (j === n) {
        let o = parColonne[col];
        if (!o) {
          o = Object.freeze({ col });
          parColonne[col] = o;
        }
        return o;
      }
    }
  }
  return colCache.decodeAddress(ref);
}

/**
 * Fresh copies of exceljs's streaming readers whose `parseSax` is evenementsDejaLus (and, for the
 * sheet reader, whose col-cache's decodeAddress is colonneDeReference): they are loaded with those
 * modules' entries in the module cache swapped, then the cache is put back as it was (exceljs's own
 * readers, and everything else of exceljs, stay untouched).
 */
function lecteursSurEvenements() {
  const cache = requireCjs.cache;
  const chemins = ['parse-sax', 'col-cache', 'workbook-reader', 'worksheet-reader'].map((m) =>
    requireCjs.resolve(
      m === 'parse-sax' || m === 'col-cache'
        ? `exceljs/lib/utils/${m}.js`
        : `exceljs/lib/stream/xlsx/${m}.js`,
    ),
  ) as [string, string, string, string];
  // The whole of exceljs loaded first: every module the two readers require but these two (Row,
  // Cell, styles…) is then already in the cache, loaded with exceljs's own parse-sax and col-cache,
  // and stays so; and parse-sax's and col-cache's entries exist, so that only their exports are swapped.
  requireCjs('exceljs');
  const avant = chemins.map((c) => cache[c]);
  try {
    const entree = cache[chemins[0]]!;
    cache[chemins[0]] = Object.assign(Object.create(entree), { exports: evenementsDejaLus });
    const entreeCols = cache[chemins[1]]!;
    cache[chemins[1]] = Object.assign(Object.create(entreeCols), {
      exports: Object.assign(Object.create(colCache), { decodeAddress: colonneDeReference }),
    });
    delete cache[chemins[2]];
    delete cache[chemins[3]];
    return { workbook: requireCjs(chemins[2]) as unknown, worksheet: requireCjs(chemins[3]) as unknown };
  } finally {
    chemins.forEach((c, i) => {
      if (avant[i]) cache[c] = avant[i];
      else if (i > 1) delete cache[c];
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
