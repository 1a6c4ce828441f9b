import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { decodeStream, type Encoding } from './encoding.ts';

export interface CsvOptions {
  readonly encoding: Encoding;
  readonly delimiter: string;
  /** false for BCN tables: no quoting at all, a stray `"` is data. */
  readonly quote: boolean;
}

export interface CsvRecord {
  /** Line (1-based) where the record starts in the file. */
  readonly ligne: number;
  readonly valeurs: string[];
}

/** Streams the records of a delimited text file (constant memory, backpressure through for-await). */
export async function* readCsv(bytes: Readable, opts: CsvOptions): AsyncGenerator<CsvRecord> {
  const parser = decodeStream(bytes, opts.encoding).pipe(
    parse({
      delimiter: opts.delimiter,
      quote: opts.quote ? '"' : false,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  let previousEnd = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const ligne = previousEnd + 1;
    previousEnd = info.lines;
    yield { ligne, valeurs: record };
  }
}

/** Header cells as officially spelled: BOM, quotes and surrounding blanks removed. */
export function cleanHeader(cells: readonly string[]): string[] {
  return cells.map((c) => c.replace(/^\uFEFF/, '').replace(/^"|"$/g, '').trim());
}

/** Splits a raw header line (for recognition only; records go through readCsv). */
export function splitHeaderLine(line: string, delimiter: string): string[] {
  return cleanHeader(line.replace(/\r$/, '').split(delimiter));
}
