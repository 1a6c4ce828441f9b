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

export function newId(prefix: string, now: Date = new Date()): string {
  return `${prefix}_${base32(BigInt(now.getTime()), 9)}${base32(randomBytes(8).readBigUInt64BE(), 13)}`;
}
