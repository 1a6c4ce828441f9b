import { OffreError } from './errors.ts';

// Conditional requests (RFC 9110 § 13.1). A write's `If-Match` is read by one parser (`lireIfMatch`,
// called by the API for every route that takes the header, before anything is read or written) and
// compared by one rule (`concordeIfMatch`) with the version the service reads under its lock.
//
// What we accept (RFC 9110 § 13.1.1, `If-Match = "*" / #entity-tag`): `*` (any current version), or
// a comma-separated list of strong entity tags — versions between straight double quotes, `"v12"` —
// the write passing when one of them is the current version. A weak tag (`W/"…"`, the public read
// cache's) can never pass the strong comparison a write requires: we refuse it as malformed (400)
// rather than answer « changed since » (412), which would send the client re-reading for nothing.
// Anything else (a version without its quotes, text around the tags, an empty value) is refused
// likewise: 400 IF_MATCH_INVALIDE, nothing read or written. Several `If-Match` lines are one list
// (Node joins them with commas, as RFC 9110 § 5.3 allows).

/** A parsed `If-Match`: `*`, or the versions listed (the entity tags' opaque part, without quotes). */
export type IfMatch = '*' | readonly string[];

/** One entity tag (RFC 9110 § 8.8.3): optional `W/`, then a quoted string of etagc characters. */
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e\x80-\uffff]*)"$/;

/** The elements of a `#entity-tag` list (commas outside quotes; empty elements dropped). */
const elements = (valeur: string): string[] =>
  (valeur.match(/(?:[^,"]|"[^"]*")+/g) ?? []).map((e) => e.trim()).filter(Boolean);

/** The shape of a valid header, for the messages. */
export const FORME_IF_MATCH =
  'attendu « * » ou une ou plusieurs versions entre guillemets droits séparées par des virgules, par exemple If-Match: "v12" ou If-Match: "v11", "v12"';

const invalide = (detail: string, valeur: string) =>
  new OffreError(
    'IF_MATCH_INVALIDE',
    `L’en-tête If-Match ${detail} : ${FORME_IF_MATCH} (la version telle que la lecture la donne, dans l’en-tête ETag ou le champ « version »).`,
    { entete: 'If-Match', valeur: valeur.slice(0, 200) },
    400,
  );

const cite = (v: string) => `« ${v.length > 80 ? `${v.slice(0, 80)}…` : v} »`;

/**
 * Parses an `If-Match` header value. Throws IF_MATCH_INVALIDE (400) naming the header and showing
 * the expected shape when it is empty, holds anything but `*` or strong entity tags, or a weak tag.
 */
export function lireIfMatch(valeur: string): IfMatch {
  const v = valeur.trim();
  if (v === '*') return '*';
  if (v === '') throw invalide('est vide', valeur);
  const liste = elements(v);
  const tags = liste.map((e) => ENTITY_TAG.exec(e));
  const i = tags.findIndex((t) => !t);
  // Text left between the tags (`"a" "b"`, `"a"x`) makes an element that is no tag.
  if (i >= 0 || liste.length === 0)
    throw invalide(
      liste[i] === '*'
        ? 'mêle « * » à des versions'
        : liste.length > 1
          ? `${cite(v)} est mal formé (${cite(liste[i]!)} n’est pas une version entre guillemets)`
          : `${cite(v)} n’est pas une version entre guillemets`,
      valeur,
    );
  const faible = tags.find((t) => t![1]);
  if (faible)
    throw invalide(
      `porte un ETag faible (${cite(faible[0])}), qui ne vaut jamais pour une écriture (comparaison forte, RFC 9110 § 13.1.1)`,
      valeur,
    );
  return tags.map((t) => t![2]!);
}

/** Does `ifMatch` hold `version` (the current one, without quotes)? `*` holds any. */
export const concordeIfMatch = (ifMatch: IfMatch, version: string): boolean =>
  ifMatch === '*' || ifMatch.includes(version);

/**
 * « la version "a" envoyée dans If-Match n’est plus la version courante "b" » (several: « aucune
 * des versions "a", "c" envoyées… n’est la version courante "b" »): the start of every 412's text.
 */
function versionEnvoyee(ifMatch: IfMatch, actuelle: string): string {
  const q = (x: string) => `"${x}"`;
  if (ifMatch === '*' || ifMatch.length === 1)
    return `la version ${ifMatch === '*' ? '*' : q(ifMatch[0]!)} envoyée dans If-Match n’est plus la version courante ${q(actuelle)}`;
  return `aucune des versions ${ifMatch.map(q).join(', ')} envoyées dans If-Match n’est la version courante ${q(actuelle)}`;
}

/** `s` with its first letter in capitals. */
const majuscule = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The 412 PRECONDITION_ECHOUEE of a stale `If-Match`: « La version "a" envoyée dans If-Match n’est
 * plus la version courante "b" <de> : <suite> », the current version in details (`etag_actuel`
 * between quotes — also the answer's ETag header — and `version_actuelle` without).
 */
export const refusIfMatch = (ifMatch: IfMatch, actuelle: string, de: string, suite: string) =>
  new OffreError(
    'PRECONDITION_ECHOUEE',
    `${majuscule(versionEnvoyee(ifMatch, actuelle))} ${de} : ${suite}`,
    { etag_actuel: `"${actuelle}"`, version_actuelle: actuelle },
    412,
  );

/**
 * Checks `ifMatch` (absent: nothing checked) against `actuelle`, the current version of the
 * resource (read under the caller's lock). Stale: PRECONDITION_ECHOUEE, « La version "a" envoyée
 * dans If-Match n’est plus la version courante "b" <de> : <suite> ».
 */
export function verifierIfMatch(
  ifMatch: IfMatch | undefined,
  actuelle: string,
  de: string,
  suite: string,
): void {
  if (ifMatch === undefined || concordeIfMatch(ifMatch, actuelle)) return;
  throw refusIfMatch(ifMatch, actuelle, de, suite);
}

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
  const liste = elements(ifNoneMatch);
  if (liste.length === 0 || !liste.every((e) => ENTITY_TAG.test(e))) return false;
  return liste.some((t) => opaque(t) === courant);
}

/** verifierIfMatch for formation `id` at write state `etat` (its strong ETag, without the quotes). */
export const verifierIfMatchFormation = (ifMatch: IfMatch | undefined, etat: string, id: string) =>
  verifierIfMatch(
    ifMatch,
    etat,
    `de la formation ${id}`,
    `elle a été modifiée depuis votre lecture ; relisez-la (GET /api/v1/formations/${id}), reportez-y votre modification, puis renvoyez-la avec le nouvel ETag.`,
  );
