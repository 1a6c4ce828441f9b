import { randomBytes } from 'node:crypto';

// Identifiers: a prefix, then a time-ordered part (new records sort after old ones, which keeps
// keyset pages and btree inserts local) and 64 random bits. Never reused, never re-dated.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(n: bigint, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = ALPHABET[Number(n & 31n)] + s;
    n >>= 5n;
  }
  return s;
}

/** The shape of an id made by newId: a lowercase prefix, `_`, then 22 base32 digits. */
export const ID_FORME = new RegExp(`^[a-z]+_[${ALPHABET}]{22}$`);

const MASQUE_64 = (1n << 64n) - 1n;
let dernier = { ms: -1, alea: 0n };

/**
 * A new id `<prefix>_<9 base32 digits of now in ms><13 base32 digits of 64 bits>`. Ids made in the
 * same millisecond by this process follow the order of the calls (the random part is incremented,
 * as in monotonic ULIDs): a bulk write that stamps a whole chunk with one time keeps the file's order.
 */
export function newId(prefix: string, now: Date = new Date()): string {
  const ms = now.getTime();
  const alea = ms === dernier.ms ? (dernier.alea + 1n) & MASQUE_64 : randomBytes(8).readBigUInt64BE();
  dernier = { ms, alea };
  return `${prefix}_${base32(BigInt(ms), 9)}${base32(alea, 13)}`;
}
