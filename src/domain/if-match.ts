import { OffreError } from './errors.ts';

// Conditional writes (RFC 9110 § 13.1.1): the rule that decides whether a write's `If-Match`
// holds against the formation's current ETag. The service reads the ETag under the row lock.

/**
 * Checks an `If-Match` header value against the current `etag` of formation `id` (RFC 9110
 * § 13.1.1): `*`, or a list of entity tags one of which is `etag` by strong comparison. Throws
 * PRECONDITION_ECHOUEE (412), nothing stored, saying why: the formation changed since it was read,
 * a weak tag (`W/"…"`, never valid for a write), or a value that is no entity tag at all.
 */
export function verifierIfMatch(ifMatch: string, etag: string, id: string): void {
  const v = ifMatch.trim();
  const lu = lireIfMatch(v, etag);
  if (lu === 'concorde') return;
  const relire = `relisez-la (GET /api/v1/formations/${id}) et renvoyez l’ETag qu’elle porte (version actuelle ${etag})`;
  const message =
    lu === 'malforme'
      ? `L’en-tête If-Match « ${v} » n’est pas un ETag : attendu « * » ou un ETag entre guillemets tel que GET le donne ; ${relire}.`
      : lu === 'faible'
        ? `L’en-tête If-Match ne porte qu’un ETag faible (W/…), qui ne vaut jamais pour une écriture (celui du cache des lectures publiques) : ${relire}.`
        : `La formation ${id} a été modifiée depuis votre lecture (If-Match ${v}, version actuelle ${etag}) : relisez-la (GET /api/v1/formations/${id}), reportez-y votre modification, puis renvoyez-la avec le nouvel ETag.`;
  throw new OffreError('PRECONDITION_ECHOUEE', message, { etag_actuel: etag }, 412);
}

/**
 * How an `If-Match` value stands against the current `etag` (RFC 9110 § 13.1.1): `concorde` (`*`,
 * or one of its entity tags is `etag` by strong comparison), `perime` (well-formed strong tags,
 * none current), `faible` (weak tags only, never valid for a write), `malforme` (no entity tag list).
 */
export function lireIfMatch(ifMatch: string, etag: string): 'concorde' | 'perime' | 'faible' | 'malforme' {
  const v = ifMatch.trim();
  if (v === '*') return 'concorde';
  const tags: string[] = v.match(/(?:W\/)?"[^"]*"/g) ?? [];
  if (tags.includes(etag)) return 'concorde';
  const bien = tags.length > 0 && v.replace(/(?:W\/)?"[^"]*"/g, '').replace(/[\s,]/g, '') === '';
  if (!bien) return 'malforme';
  return tags.every((t) => t.startsWith('W/')) ? 'faible' : 'perime';
}

/** One entity tag (RFC 9110 § 8.8.3): optional `W/`, then a quoted string of etagc characters. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e\x80-\uffff]*"$/;

/**
 * Does an `If-None-Match` header value match the current `etag` of the representation (RFC 9110
 * § 13.1.2)? `*` matches any current representation (the caller asks only when one exists, i.e.
 * the answer would be a 200 carrying `etag`); otherwise a comma-separated list of entity tags,
 * compared weakly: `W/"x"` and `"x"` are the same tag. A malformed value (`W/W/"x"`, a tag without
 * quotes, text between tags) matches nothing: the full answer is sent. `undefined` (no header): false.
 */
export function concordeIfNoneMatch(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.replace(/^W\//, '');
  const courant = opaque(etag);
  // Split on commas outside quotes (an entity tag may hold a comma); empty list elements allowed.
  const elements = (ifNoneMatch.match(/(?:[^,"]|"[^"]*")+/g) ?? []).map((e) => e.trim()).filter(Boolean);
  if (elements.length === 0 || !elements.every((e) => ENTITY_TAG.test(e))) return false;
  return elements.some((t) => opaque(t) === courant);
}
