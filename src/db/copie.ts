import { CompiledQuery, type DatabaseConnection, type Kysely } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { EnveloppeFautes } from './fault.ts';

// Reads whose results are mostly stored JSON documents (the change feed's formations, the list
// pages' texts), run on PostgreSQL as `COPY (select …) TO STDOUT (FORMAT binary)`: each text or
// `bytea` field arrives as its raw bytes, sliced out of the received buffer. A plain query
// through `pg` receives every field as a JavaScript string (UTF-8 decoded, even in binary
// format), then `bytea` hex-decoded into a Buffer: most of Node's CPU per event of the feed
// (docs/mesures.md « Lectures : documents par COPY binaire »). COPY takes no bind parameters and
// cannot be prepared: the values are written into the text as literals (enLitteraux), and the
// statement is planned at each call.

/** The pg pools behind the Kysely instances that may read by COPY (database.ts, PostgreSQL only). */
const pools = new WeakMap<object, pg.Pool>();
/** The fault injection of a pool's Kysely (fault.ts), applied to its reads by COPY as well. */
const fautesDe = new WeakMap<pg.Pool, EnveloppeFautes>();

/**
 * Lets reads on `db` (a Kysely on `pool`) go by COPY (database.ts, PostgreSQL pools); `fautes`:
 * the fault injection of `db`'s connections (fault.ts), which then sees these reads too.
 */
export function permettreCopie(
  db: Kysely<never> | object,
  pool: pg.Pool,
  fautes?: EnveloppeFautes | null,
): void {
  pools.set(db, pool);
  if (fautes) fautesDe.set(pool, fautes);
}

/**
 * The pool `db` reads through by COPY; undefined for PGlite, and for a transaction (a Kysely
 * Transaction is another object: its reads stay in it, on its connection).
 */
export const copieDe = (db: object): pg.Pool | undefined => pools.get(db);

/**
 * `value` as the SQL literal of what pg sends as the bind parameter `value`: the same text, quoted
 * (pg's escapeLiteral: quotes doubled, backslashes doubled under `E'…'`), so an untyped literal
 * that the server types from its context exactly as it types an untyped parameter. null and
 * undefined: NULL. Numbers and booleans: their text, as pg's `toString` (`Infinity` and `NaN`
 * included: PostgreSQL reads them as floats). Arrays (of strings, numbers, null):
 * PostgreSQL's array text `{"a","b",NULL}`, each element double-quoted with `"` and `\` escaped
 * (pg's arrayString), the whole quoted again. Throws on any other value, and on a string holding
 * U+0000 (PostgreSQL refuses it in a text; in a simple-query message it would end the statement).
 */
export function litteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Array.isArray(value)) return texte(`{${value.map(element).join(',')}}`);
  return texte(scalaire(value));
}

function scalaire(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return String(value);
  throw new TypeError(`Valeur non prise en charge dans une instruction COPY : ${typeof value}`);
}

const element = (value: unknown) =>
  value === null || value === undefined ? 'NULL' : `"${scalaire(value).replace(/["\\]/g, '\\$&')}"`;

function texte(s: string): string {
  if (s.includes('\0')) throw new TypeError('Caractère U+0000 dans une instruction COPY.');
  return pg.escapeLiteral(s);
}

/**
 * The text of `query` (compiled by Kysely: every value a `$n` parameter, `$` nowhere else) with
 * each `$n` replaced by litteral(parameters[n - 1]), in one pass (a value's own `$1` is not read
 * again). Throws when a placeholder has no parameter.
 */
export function enLitteraux(query: CompiledQuery): string {
  return query.sql.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (!(i >= 0 && i < query.parameters.length)) throw new Error(`Paramètre $${n} absent.`);
    return litteral(query.parameters[i]);
  });
}

/** How a field's bytes become the row's value (field bytes: buf[debut, fin)). */
export type Decodeur = (buf: Buffer, debut: number, fin: number) => unknown;

/** A text column (text, varchar, char, an enum): its UTF-8 bytes decoded. */
export const texteCol: Decodeur = (buf, debut, fin) => buf.toString('utf8', debut, fin);
/** A boolean column: one byte. */
export const booleenCol: Decodeur = (buf, debut) => buf[debut] === 1;
/** A bytea (or text kept as bytes) column: a slice of the received buffer, not a copy. */
export const octetsCol: Decodeur = (buf, debut, fin) => buf.subarray(debut, fin);

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The rows of a COPY … (FORMAT binary) output, received as `morceaux` (the chunks in order, or one
 * buffer), one object per tuple with the fields named and decoded by `colonnes` in order (a null
 * field: null). The format (PostgreSQL documentation, COPY, « Binary Format »): an 11-byte
 * signature, an int32 of flags, an int32 length of a header extension to skip; then per tuple an
 * int16 field count, and per field an int32 length (-1: null) and that many bytes; then the int16
 * -1 trailer. Integers are big-endian. The chunks are not joined: a field within one chunk is
 * decoded in place, only one that straddles two chunks is copied (a page's ≈ 300 KB were copied
 * once more, docs/mesures.md « Liste sans cache : le CPU du serveur par requête »). Throws on
 * another signature, on OIDs included (flag bit 16), when a tuple does not have the columns'
 * count, or when the output ends early.
 */
export function lireTuples<R>(
  morceaux: Buffer | readonly Buffer[],
  colonnes: readonly (readonly [string, Decodeur])[],
): R[] {
  const liste = Buffer.isBuffer(morceaux) ? [morceaux] : morceaux;
  const l = new Lecteur(liste);
  const entete = liste.reduce((t, m) => t + m.length, 0) >= 19 ? l.octets(19) : null;
  if (!entete?.subarray(0, 11).equals(SIGNATURE))
    throw new Error('Sortie COPY binaire illisible (signature).');
  if (entete.readInt32BE(11) & (1 << 16))
    throw new Error('Sortie COPY binaire avec OID : non prise en charge.');
  l.octets(entete.readInt32BE(15));
  const rows: R[] = [];
  for (;;) {
    const n = l.int(2);
    if (n === -1) return rows;
    if (n !== colonnes.length)
      throw new Error(`Sortie COPY binaire : ${n} champs, ${colonnes.length} attendus.`);
    const row: Record<string, unknown> = {};
    for (const [nom, decode] of colonnes) {
      const longueur = l.int(4);
      row[nom] = longueur < 0 ? null : l.champ(longueur, decode);
    }
    rows.push(row as R);
  }
}

/** Reads through a list of chunks, in place where what is read lies in one chunk. */
class Lecteur {
  /** Index of the current chunk, and offset in it. */
  private i = 0;
  private o = 0;
  constructor(private readonly morceaux: readonly Buffer[]) {}

  /** The next `n` bytes: a view of the current chunk, or a copy when they straddle chunks. */
  octets(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const parts: Buffer[] = [];
    for (let reste = n; reste > 0; ) {
      const c = this.courant();
      const k = Math.min(reste, c.length - this.o);
      parts.push(c.subarray(this.o, this.o + k));
      this.o += k;
      reste -= k;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
  }

  /** The next big-endian signed integer of `taille` bytes (2 or 4). */
  int(taille: 2 | 4): number {
    const m = this.courant();
    const dedans = this.o + taille <= m.length;
    const b = dedans ? m : this.octets(taille);
    const at = dedans ? this.o : 0;
    if (dedans) this.o += taille;
    return taille === 2 ? b.readInt16BE(at) : b.readInt32BE(at);
  }

  /** The next field of `n` bytes, decoded. */
  champ(n: number, decode: Decodeur): unknown {
    const m = this.courant();
    if (this.o + n > m.length) return decode(this.octets(n), 0, n);
    const debut = this.o;
    this.o += n;
    return decode(m, debut, this.o);
  }

  /** The chunk holding the next byte (past the ends of the previous ones); throws past the last. */
  private courant(): Buffer {
    while (this.i < this.morceaux.length && this.o >= this.morceaux[this.i]!.length) {
      this.i++;
      this.o = 0;
    }
    const m = this.morceaux[this.i];
    if (!m) throw new Error('Sortie COPY binaire tronquée.');
    return m;
  }
}

/**
 * The rows of `query` (a select compiled by Kysely) read by `COPY (…) TO STDOUT (FORMAT binary)`
 * on a connection of `pool`, decoded by `colonnes` (one per selected column, in order).
 */
export async function selectParCopie<R>(
  pool: pg.Pool,
  query: CompiledQuery,
  colonnes: readonly (readonly [string, Decodeur])[],
): Promise<R[]> {
  const texte = `copy (${enLitteraux(query)}) to stdout (format binary)`;
  const client = await pool.connect();
  let erreur: Error | undefined;
  try {
    const copie = connexionCopie(client);
    const connexion = fautesDe.get(pool)?.(copie) ?? copie;
    const { rows: morceaux } = await connexion.executeQuery<Buffer>(CompiledQuery.raw(texte));
    return lireTuples<R>(morceaux, colonnes);
  } catch (e) {
    erreur = e as Error;
    throw e;
  } finally {
    // A connection whose COPY failed is not handed out again.
    client.release(erreur);
  }
}

/**
 * `client` as a connection that runs a `COPY … TO STDOUT`: its rows are the chunks received. A
 * connection like Kysely's, so that what wraps those (fault.ts) wraps this one the same way.
 */
const connexionCopie = (client: pg.PoolClient): DatabaseConnection => ({
  async executeQuery<R>(q: CompiledQuery) {
    const morceaux: Buffer[] = [];
    for await (const m of client.query(copyTo(q.sql))) morceaux.push(m as Buffer);
    return { rows: morceaux as R[] };
  },
  streamQuery: () => {
    throw new Error('Lecture par COPY : pas de lecture en flux.');
  },
});

/**
 * The rows of `query` (a Kysely select): read by COPY binary when `db`, the Kysely it was built
 * on, reads through a pg pool (copieDe), decoded by `colonnes` (every selected column, in order,
 * typed as the query types them); else executed as it is (PGlite, a transaction).
 */
export function executeOuCopie<R>(
  db: object,
  query: { execute(): Promise<R[]>; compile(): CompiledQuery },
  colonnes: readonly (readonly [keyof R & string, Decodeur])[],
): Promise<R[]> {
  const pool = copieDe(db);
  return pool ? selectParCopie<R>(pool, query.compile(), colonnes) : query.execute();
}
