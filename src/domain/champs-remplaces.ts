import { memeContenu } from './diff.ts';

// What saving a form again would replace (docs/espace.md « Enregistré par-dessus un changement »):
// the fields where what a form holds differs from the current saisie of the offer. Only the
// fields the form holds are compared (the stored offer has more: sessions, codes found in the
// references…); objects are opened field by field (`modalites.duree_annees`, `lieu.commune`),
// lists compare as a whole (`contacts`), each item on the members the form holds. Empty values
// are alike (null, absent, '', []), as the history reads them (diff.ts memeContenu).

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Members a form carries that say nothing of the offer (a commune picked among the proposed ones). */
const IGNORES = new Set(['choix']);

/** `actuelle` reduced to the members `saisie` holds, at every depth (list items included). */
function projection(saisie: unknown, actuelle: unknown): unknown {
  if (isObj(saisie) && isObj(actuelle))
    return Object.fromEntries(Object.keys(saisie).map((k) => [k, projection(saisie[k], actuelle[k])]));
  if (Array.isArray(saisie) && Array.isArray(actuelle))
    return actuelle.map((x, i) => (i < saisie.length ? projection(saisie[i], x) : x));
  return actuelle;
}

/**
 * The dotted paths of the fields where `saisie` (what a form holds) differs from `actuelle` (the
 * current saisie), in the form's order: `['intitule', 'objectif', 'modalites.duree_annees', 'contacts']`.
 */
export function champsRemplaces(saisie: unknown, actuelle: unknown, champ = ''): string[] {
  if (isObj(saisie)) {
    const a = isObj(actuelle) ? actuelle : {};
    return Object.keys(saisie)
      .filter((k) => !IGNORES.has(k))
      .flatMap((k) => champsRemplaces(saisie[k], a[k], champ ? `${champ}.${k}` : k));
  }
  // A form's absent object (no contact) against a current one: the object's members, one by one.
  if ((saisie === null || saisie === undefined) && isObj(actuelle))
    return Object.keys(actuelle)
      .filter((k) => !IGNORES.has(k))
      .flatMap((k) => champsRemplaces(null, actuelle[k], champ ? `${champ}.${k}` : k));
  return memeContenu(saisie, projection(saisie, actuelle)) ? [] : [champ];
}

/** The value at dotted path `champ` of `v` (undefined when absent). */
export function valeurDe(v: unknown, champ: string): unknown {
  let x = v;
  for (const k of champ.split('.')) x = isObj(x) ? x[k] : undefined;
  return x;
}
