import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { OffreError } from './errors.ts';
import { ID_FORME } from './ids.ts';
import { accord } from './pluriel.ts';

/**
 * The one home of pagination cursors. Every paginated route hands out `next_cursor` and takes it
 * back unchanged (`cursor`, or `since` for the change feed); a cursor that was not handed out is
 * refused with code CURSEUR_INVALIDE (400) naming the parameter, never read as something else.
 * The list cursors (pageCursor, numberedPageCursor) are signed: an HMAC-SHA-256 of their content
 * under a server key (`cle`, shared by every process on the database: services/curseur.cle.ts),
 * so a cursor forged around a well-formed id or page number is refused, not read as an empty page.
 */

const invalide = (champ: string, pourquoi = '') =>
  new OffreError(
    'CURSEUR_INVALIDE',
    `Paramètre « ${champ} » invalide${pourquoi} : reprenez la valeur « next_cursor » de la page précédente.`,
    { champ },
  );

// A cursor handed out by us for another request: why, and the one remedy that works.
const donnePour = (champ: string, pour: string, garder: string) =>
  new OffreError(
    'CURSEUR_INVALIDE',
    `Paramètre « ${champ} » invalide : il a été donné pour ${pour} ; gardez ${garder} de la page qui l’a donné, ou relancez sans « ${champ} ».`,
    { champ },
  );

// A list cursor (pageCursor) bound to other filters than those of the request it is given with.
const autresFiltres = (champ: string) => donnePour(champ, 'd’autres filtres', 'les filtres');

// A search cursor (numberedPageCursor) given with another search, or with the plain list.
const autreRecherche = (champ: string) =>
  donnePour(champ, 'une autre recherche', 'les mots, le lieu, les filtres, le tri et « limit »');

// The content's prefix of a search's numbered-page cursor (numberedPageCursor).
const PAGE_NUMEROTEE = 'page:';

// A decimal counter as handed out: digits only (no sign, exponent, hex, spaces or fraction).
const DECIMAL = /^\d{1,15}$/;
// The feed's `since`: the same digits, zeros on the left allowed up to its documented 20
// characters (`000` and `00000000000000000802` alike: docs/api.md), its value a safe integer.
const SEQ_FLUX = /^\d{1,20}$/;

// The signature's length: 128 bits of HMAC-SHA-256, base64url (22 characters).
const SIGNATURE = 16;
const signe = (contenu: string, cle: string): string =>
  createHmac('sha256', cle).update(contenu).digest().subarray(0, SIGNATURE).toString('base64url');

/** `contenu`, base64url, then `.` and its signature under `cle`. */
const sceller = (contenu: string, cle: string): string =>
  `${Buffer.from(contenu, 'utf8').toString('base64url')}.${signe(contenu, cle)}`;

/** The content of a cursor sealed under `cle`, or null when it was not (forged, altered, truncated). */
function ouvrir(cursor: string, cle: string): string | null {
  const [corps, signature, ...reste] = cursor.split('.');
  if (!corps || !signature || reste.length) return null;
  const contenu = Buffer.from(corps, 'base64url').toString('utf8');
  // Compared as the characters sent, not as the bytes they decode to: the last base64url character
  // of 128 bits carries 4 unused bits, so four spellings of one signature would decode alike.
  const attendue = Buffer.from(signe(contenu, cle), 'latin1');
  const recue = Buffer.from(signature, 'latin1');
  return recue.length === attendue.length && timingSafeEqual(recue, attendue) ? contenu : null;
}

/**
 * Cursor of a keyset page ordered by an immutable record id (formations, platform feeds): the id
 * of the page's last record, base64url-encoded and signed under `cle`, opaque to callers.
 */
export const pageCursor = {
  /** With `portee` (porteeListe), the cursor is bound to the list it was handed out for. */
  encode: (lastId: string, cle: string, portee?: string): string =>
    sceller(portee === undefined ? lastId : `${lastId}:${portee}`, cle),
  /**
   * The id after which the next page starts; throws CURSEUR_INVALIDE. With `portee`, only a cursor
   * handed out for that list is taken: one of other filters, or one bound to none (handed out
   * before cursors were bound to their filters), is refused, as a search's is.
   */
  decode(cursor: string, cle: string, champ = 'cursor', portee?: string): string {
    const contenu = ouvrir(cursor, cle) ?? '';
    if (portee !== undefined && contenu.startsWith(PAGE_NUMEROTEE)) throw autreRecherche(champ);
    const [id = '', de, ...reste] = portee === undefined ? [contenu] : contenu.split(':');
    if (!ID_FORME.test(id) || reste.length || (portee !== undefined && !de)) throw invalide(champ);
    if (portee !== undefined && de !== portee) throw autresFiltres(champ);
    return id;
  },
};

/**
 * Cursor of the change feed: the `seq` of the last event read, in decimal (public since the
 * feed's first version: `since=0`, or no `since`, reads from the start). A seq past the last
 * event the feed has numbered (`dernier`) was never handed out: reading after it would skip the
 * events still to come under the numbers in between, so it is refused too.
 */
export const feedCursor = {
  /**
   * Is `since` of the shape the feed hands out (absent, empty, or decimal digits of a safe
   * integer)? Checked by the route's contract with the other parameters, so that every faulty one
   * is listed together (src/contract/changes.ts); `decode` still checks it is not past the feed.
   */
  bienForme: (since: string | undefined): boolean =>
    since === undefined || since === '' || (SEQ_FLUX.test(since) && Number.isSafeInteger(Number(since))),
  encode: (lastSeq: number): string => String(lastSeq),
  /** The seq after which to read (0: from the start), at most `dernier`; throws CURSEUR_INVALIDE. */
  decode(since: string | undefined, dernier = Number.MAX_SAFE_INTEGER, champ = 'since'): number {
    if (since === undefined || since === '') return 0;
    const seq = Number(since);
    if (!SEQ_FLUX.test(since) || !Number.isSafeInteger(seq)) throw invalide(champ);
    if (seq > dernier)
      throw invalide(
        champ,
        ` (le flux n’a numéroté que ${dernier} ${accord(dernier, 'événement', 'événements')})`,
      );
    return seq;
  },
};

/**
 * Cursor of a keyset page ordered by a numeric id, newest first (the security log): the id of the
 * page's last row, in decimal.
 */
export const idCursor = {
  encode: (lastId: string | number): string => String(lastId),
  /** The id before which the next page starts; throws CURSEUR_INVALIDE. */
  decode(cursor: string, champ = 'cursor'): string {
    if (!DECIMAL.test(cursor)) throw invalide(champ);
    return cursor;
  },
};

/**
 * What a search cursor is bound to: every parameter of the request but the cursor (words, place,
 * filters, facets, sort, limit), keys in order, hashed. A numbered page only means something for
 * the search and the page size it was computed with: under another `limit` page 2 would re-read or
 * skip results, under other words it would read another list.
 */
export function porteeRecherche(params: Readonly<Record<string, unknown>>): string {
  const stables = Object.keys(params)
    .filter((k) => k !== 'cursor' && params[k] !== undefined)
    .sort()
    .map((k) => [k, params[k]]);
  return createHash('sha256').update(JSON.stringify(stables)).digest().subarray(0, 9).toString('base64url');
}

/**
 * What a list cursor (pageCursor) is bound to: the list's filters, every parameter but the cursor
 * and `limit` (a keyset page resumes after the same id whatever its size). Under other filters the
 * id it resumes after would belong to another list: refused, as a search's cursor is.
 */
export const porteeListe = (filtres: object): string =>
  porteeRecherche({ ...(filtres as Record<string, unknown>), limit: undefined });

/**
 * Cursor of a ranked search (numbered pages: a rank has no immutable key to resume after): the
 * number of the page to read, from 1, and the search it belongs to (`portee`, porteeRecherche),
 * sealed under `cle` behind the same opaque contract. A cursor of another search, or of the same
 * one with another `limit`, is refused: it would re-read or skip results.
 */
export const numberedPageCursor = {
  encode: (page: number, cle: string, portee: string): string =>
    sceller(`${PAGE_NUMEROTEE}${page}:${portee}`, cle),
  /**
   * The page number, from 1; throws CURSEUR_INVALIDE (saying « donné pour d’autres filtres » for a
   * list cursor handed out without words).
   */
  decode(cursor: string, cle: string, portee: string, champ = 'cursor'): number {
    const t = ouvrir(cursor, cle) ?? '';
    const [p, de, ...reste] = t.startsWith(PAGE_NUMEROTEE) ? t.slice(PAGE_NUMEROTEE.length).split(':') : [];
    const n = p && /^\d{1,15}$/.test(p) ? Number(p) : Number.NaN;
    // A list cursor (no words) handed out by us, given with words: a cursor of other filters.
    if (!t.startsWith(PAGE_NUMEROTEE) && ID_FORME.test(t.split(':')[0] ?? '')) throw autresFiltres(champ);
    if (!Number.isSafeInteger(n) || n < 1 || !de || reste.length) throw invalide(champ);
    if (de !== portee) throw autreRecherche(champ);
    return n;
  },
};
