import { OffreError } from './errors.ts';
import { ID_FORME } from './ids.ts';

/**
 * The one home of pagination cursors. Every paginated route hands out `next_cursor` and takes it
 * back unchanged (`cursor`, or `since` for the change feed); a cursor that was not handed out is
 * refused with code CURSEUR_INVALIDE (400) naming the parameter, never read as something else.
 */

const invalide = (champ: string, pourquoi = '') =>
  new OffreError(
    'CURSEUR_INVALIDE',
    `Paramètre « ${champ} » invalide${pourquoi} : reprenez la valeur « next_cursor » de la page précédente.`,
    { champ },
  );

// A decimal counter as handed out: digits only (no sign, exponent, hex, spaces or fraction).
const DECIMAL = /^\d{1,15}$/;

/**
 * Cursor of a keyset page ordered by an immutable record id (formations, platform feeds): the id
 * of the page's last record, base64url-encoded so that callers treat it as opaque.
 */
export const pageCursor = {
  encode: (lastId: string): string => Buffer.from(lastId, 'utf8').toString('base64url'),
  /** The id after which the next page starts; throws CURSEUR_INVALIDE. */
  decode(cursor: string, champ = 'cursor'): string {
    const id = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!cursor || !ID_FORME.test(id)) throw invalide(champ);
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
  encode: (lastSeq: number): string => String(lastSeq),
  /** The seq after which to read (0: from the start), at most `dernier`; throws CURSEUR_INVALIDE. */
  decode(since: string | undefined, dernier = Number.MAX_SAFE_INTEGER, champ = 'since'): number {
    if (since === undefined || since === '') return 0;
    const seq = Number(since);
    if (!DECIMAL.test(since) || !Number.isSafeInteger(seq)) throw invalide(champ);
    if (seq > dernier) throw invalide(champ, ` (le flux n’a numéroté que ${dernier} événement(s))`);
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

const PAGE_NUMEROTEE = 'page:';

/**
 * Cursor of a ranked search (numbered pages: a rank has no immutable key to resume after): the
 * number of the page to read, from 1, base64url-encoded behind the same opaque contract.
 */
export const numberedPageCursor = {
  encode: (page: number): string => Buffer.from(`${PAGE_NUMEROTEE}${page}`, 'utf8').toString('base64url'),
  /** The page number, from 1; throws CURSEUR_INVALIDE. */
  decode(cursor: string, champ = 'cursor'): number {
    const t = Buffer.from(cursor, 'base64url').toString('utf8');
    const n = t.startsWith(PAGE_NUMEROTEE) ? Number(t.slice(PAGE_NUMEROTEE.length)) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) throw invalide(champ);
    return n;
  },
};
