import type { CompiledQuery, DatabaseConnection, Kysely } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { EnveloppeFautes } from './fault.ts';
import { LectureBinaire } from './lecture-binaire.ts';
import { type Decodeur, Lecteur } from './morceaux.ts';
import { marquee } from './preparee.ts';

// Reads whose results are mostly stored JSON documents (the change feed's formations, the list
// pages' texts), run on PostgreSQL as `COPY (select …) TO STDOUT (FORMAT binary)`: each text or
// `bytea` field arrives as its raw bytes, sliced out of the received buffer. A plain query
// through `pg` receives every field as a JavaScript string (UTF-8 decoded, even in binary
// format), then `bytea` hex-decoded into a Buffer: most of Node's CPU per event of the feed
// (docs/mesures.md « Lectures : documents par COPY binaire »). COPY takes no bind parameters and
// cannot be prepared: the values are written into the text as literals (enLitteraux), and the
// statement is planned at each call.
// The statements of a bounded set of texts (marked `preparee`: the whole catalogue's list page,
// the feed's formations) are not read by COPY but as prepared statements in binary format, read
// off the socket the same way (lecture-binaire.ts): planned once per connection.

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

export type { Decodeur } from './morceaux.ts';

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
  const l = new Lecteur(Buffer.isBuffer(morceaux) ? [morceaux] : morceaux);
  const entete = l.disponibles >= 19 ? l.octets(19) : null;
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

/**
 * The rows of `query` (a select compiled by Kysely) on a connection of `pool`, decoded by
 * `colonnes` (one per selected column, in order): a statement marked `preparee` (a text of a
 * bounded set, preparee.ts) as a prepared statement whose results are read in binary format off
 * the socket (lecture-binaire.ts); any other by `COPY (…) TO STDOUT (FORMAT binary)`, its values
 * inlined as literals.
 */
export async function selectParCopie<R>(
  pool: pg.Pool,
  query: CompiledQuery,
  colonnes: readonly (readonly [string, Decodeur])[],
): Promise<R[]> {
  const client = await pool.connect();
  let erreur: Error | undefined;
  try {
    const brute = marquee(query.sql) ? connexionPreparee(client, colonnes) : connexionCopie(client, colonnes);
    const connexion = fautesDe.get(pool)?.(brute) ?? brute;
    return (await connexion.executeQuery<R>(query)).rows;
  } catch (e) {
    erreur = e as Error;
    throw e;
  } finally {
    // A connection whose read failed is not handed out again.
    client.release(erreur);
  }
}

/**
 * `client` as a connection that runs a select as `COPY (…) TO STDOUT (FORMAT binary)`, its rows
 * decoded by `colonnes`. A connection like Kysely's, so that what wraps those (fault.ts) wraps
 * this one the same way.
 */
const connexionCopie = (
  client: pg.PoolClient,
  colonnes: readonly (readonly [string, Decodeur])[],
): DatabaseConnection => ({
  async executeQuery<R>(q: CompiledQuery) {
    const morceaux: Buffer[] = [];
    const texte = `copy (${enLitteraux(q)}) to stdout (format binary)`;
    for await (const m of client.query(copyTo(texte))) morceaux.push(m as Buffer);
    return { rows: lireTuples<R>(morceaux, colonnes) };
  },
  streamQuery: () => {
    throw new Error('Lecture par COPY : pas de lecture en flux.');
  },
});

/** `client` as a connection that runs a marked select as a prepared statement read in binary (LectureBinaire). */
const connexionPreparee = (
  client: pg.PoolClient,
  colonnes: readonly (readonly [string, Decodeur])[],
): DatabaseConnection => ({
  async executeQuery<R>(q: CompiledQuery) {
    const lecture = new LectureBinaire<R>(q.sql, q.parameters, colonnes);
    client.query(lecture as never);
    return { rows: await lecture.resultat };
  },
  streamQuery: () => {
    throw new Error('Lecture binaire : pas de lecture en flux.');
  },
});

/**
 * The rows of `query` (a Kysely select): read in binary (selectParCopie) when `db`, the Kysely it
 * was built on, reads through a pg pool (copieDe), decoded by `colonnes` (every selected column,
 * in order, typed as the query types them); else executed as it is (PGlite, a transaction).
 */
export function executeOuCopie<R>(
  db: object,
  query: { execute(): Promise<R[]>; compile(): CompiledQuery },
  colonnes: readonly (readonly [keyof R & string, Decodeur])[],
): Promise<R[]> {
  const pool = copieDe(db);
  return pool ? selectParCopie<R>(pool, query.compile(), colonnes) : query.execute();
}
