import { pipeline, type Readable } from 'node:stream';
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
  /**
   * False for a last record the file does not end (no final newline): with fewer fields than its
   * header, a row cut mid-way (a truncated download), see table.reader.ts.
   */
  readonly finie: boolean;
}

/** Streams the records of a delimited text file (constant memory, backpressure through for-await). */
export async function* readCsv(bytes: Readable, opts: CsvOptions): AsyncGenerator<CsvRecord> {
  // pipeline, not pipe: an error of the source (a damaged zip member) destroys the parser with
  // it, so the iteration below rejects instead of waiting forever for an end that never comes.
  const parser = pipeline(
    decodeStream(bytes, opts.encoding),
    parse({
      delimiter: opts.delimiter,
      quote: opts.quote ? '"' : false,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      raw: true,
    }),
    () => {},
  );
  // Lines counted from the raw text: csv-parse's own counter counts a CRLF inside quotes twice.
  let lines = 0;
  for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    const skipped = /^[\r\n]*/.exec(raw)![0].split('\n').length - 1;
    const ligne = lines + 1 + skipped;
    lines += raw.split('\n').length - 1 + (raw.endsWith('\r') ? 1 : 0);
    yield { ligne, valeurs: record, finie: /[\r\n]$/.test(raw) };
  }
}

/** Header cells as officially spelled: BOM, quotes and surrounding blanks removed. */
export function cleanHeader(cells: readonly string[]): string[] {
  return cells.map((c) =>
    c
      .replace(/^\uFEFF/, '')
      .replace(/^"|"$/g, '')
      .trim(),
  );
}

/** Splits a raw header line (for recognition only; records go through readCsv). */
export function splitHeaderLine(line: string, delimiter: string): string[] {
  return cleanHeader(line.replace(/\r$/, '').split(delimiter));
}
