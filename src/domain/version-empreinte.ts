import { createHash } from 'node:crypto';

// The one way a « version » of what a page or the API shows is made (the space's forms, the
// gestionnaire's review, the instructeur's decision, a campaign calendar, a user's role): a short
// digest of what a save would replace, compared before the save. A digest, not a counter, so that
// no write path can forget to move it.

/**
 * The version of `parts` (what a save replaces or reads, as strings): the SHA-256 of the parts
 * joined with « | », in lowercase hexadecimal, cut to its first `longueur` characters (16 by
 * default: 64 bits, enough to tell two states of one thing apart — no secret, no signature). The
 * same parts give the same version; any changed part gives another. A caller passes a fixed
 * number of parts of which only the last may hold a « | » (or encodes them, e.g. as JSON), so that
 * two different lists never join into the same text.
 */
export function versionDe(parts: readonly string[], longueur = 16): string {
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, longueur);
}
