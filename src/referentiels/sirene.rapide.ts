import type { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { Encoding } from './encoding.ts';

// `--only-known` over the national stock (~40M rows, a few thousand kept): most rows are decided
// from their first bytes — the SIREN, first column of the official layout — without decoding nor
// parsing them. Only the rows whose SIREN is known (or whose first field is not a plain 9-digit
// SIREN) go through csv-parse, so quoting is read exactly as for every other file.

const LF = 0x0a;
const QUOTE = 0x22;

/** One kept record (header first), or a count of rows skipped since the last item. */
export type Filtre = { readonly ligne: number; readonly valeurs: string[] } | { readonly ignorees: number };

/** The numeric SIREN prefixes a `--only-known` import keeps: every known SIREN and every known SIRET's. */
export function prefixesConnus(connus: {
  readonly sirets: ReadonlySet<string>;
  readonly sirens: ReadonlySet<string>;
}): Set<number> {
  const out = new Set<number>();
  for (const s of connus.sirens) if (/^\d{9}$/.test(s)) out.add(Number(s));
  for (const s of connus.sirets) if (/^\d{9}/.test(s)) out.add(Number(s.slice(0, 9)));
  return out;
}

/**
 * The SIREN at `pos` as a number when the row starts with exactly 9 digits (optionally quoted)
 * followed by the delimiter, before `end`; -1 when it cannot be decided that cheaply.
 */
function sirenEn(buf: Buffer, pos: number, end: number, delim: number): number {
  let p = pos;
  const quoted = buf[p] === QUOTE;
  if (quoted) p++;
  if (p + 10 + (quoted ? 1 : 0) > end) return -1;
  let n = 0;
  for (let i = 0; i < 9; i++) {
    const c = buf[p + i]! - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  p += 9;
  if (quoted && buf[p++] !== QUOTE) return -1;
  return buf[p] === delim ? n : -1;
}

/** Count of `"` bytes in [from, to). */
function guillemets(buf: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (buf[i] === QUOTE) n++;
  return n;
}

/**
 * Streams a delimited file whose first column is the SIREN, yielding the header and every record
 * whose SIREN is in `garder` (or cannot be read as one: the caller applies its exact filter), and
 * the count of the others in batches. Lines are 1-based physical lines where a record starts; a
 * quoted field spanning lines is kept whole (a record ends on a newline after an even number of `"`).
 * Errors of `bytes` (a damaged zip member) reject the iteration.
 */
export async function* filtrerParSiren(
  bytes: Readable,
  opts: { readonly encoding: Encoding; readonly delimiter: string; readonly garder: ReadonlySet<number> },
): AsyncGenerator<Filtre> {
  const delim = opts.delimiter.charCodeAt(0);
  const decode = (b: Buffer) => (opts.encoding === 'utf8' ? b.toString('utf8') : iconv.decode(b, 'win1252'));
  const lire = (b: Buffer): string[] =>
    (
      parse(decode(b), {
        delimiter: opts.delimiter,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
      }) as string[][]
    )[0] ?? [];
  let rest: Buffer | null = null;
  let ligne = 1;
  let entete = true;
  let ignorees = 0;

  /** Handles the complete records of `buf`; returns where the unfinished one starts. */
  function* records(buf: Buffer, fin: boolean): Generator<Filtre, number> {
    let pos = 0;
    // Next `"` at or after pos: recomputed only when passed (linear over the buffer).
    let quote = buf.indexOf(QUOTE);
    while (pos < buf.length) {
      let nl = buf.indexOf(LF, pos);
      if (nl < 0) {
        if (!fin) return pos;
        nl = buf.length;
      }
      if (quote >= 0 && quote < pos) quote = buf.indexOf(QUOTE, pos);
      // Quoted fields: extend to the newline that closes an even number of quotes.
      let end = nl;
      let lignes = 1;
      if (quote >= 0 && quote < nl) {
        let q = guillemets(buf, pos, end);
        while (q % 2 === 1) {
          const next = buf.indexOf(LF, end + 1);
          if (next < 0) {
            if (!fin) return pos;
            end = buf.length;
            break;
          }
          q += guillemets(buf, end, next);
          end = next;
          lignes++;
        }
      }
      const siren = entete ? -1 : sirenEn(buf, pos, end, delim);
      if (siren >= 0 && !opts.garder.has(siren)) ignorees++;
      else {
        const raw = buf.subarray(pos, end);
        if (!(raw.length === 0 || (raw.length === 1 && raw[0] === 0x0d))) {
          yield { ligne, valeurs: lire(raw) };
          entete = false;
        }
      }
      ligne += lignes;
      pos = end + 1;
    }
    return pos;
  }

  for await (const chunk of bytes as AsyncIterable<Buffer>) {
    const buf: Buffer = rest?.length ? Buffer.concat([rest, chunk]) : chunk;
    const it = records(buf, false);
    let r = it.next();
    while (!r.done) {
      yield r.value;
      r = it.next();
    }
    rest = buf.subarray(r.value);
    if (ignorees >= 50_000) {
      yield { ignorees };
      ignorees = 0;
    }
  }
  if (rest?.length) yield* records(rest, true);
  if (ignorees) yield { ignorees };
}
