import { LRUCache } from 'lru-cache';

/**
 * `f` remembered per string argument, for the `max` arguments used most recently (lru-cache):
 * for pure checks that an import meets again and again (a telephone on every offer of an
 * organisme, a date or a SIRET on every row of a workbook). `f` must never return undefined.
 *
 * A remembered argument is kept as a copy of its characters, never as the string given: a text
 * read from a file is often a V8 « sliced string », a view that keeps the whole decoded chunk of
 * the file alive (saxes' text of a LHEO element holds ≈ 64 Ko of XML). Kept as given, 10,000
 * telephone numbers held the whole LHEO file in memory until the process ended (≈ 90 Mo per
 * 2,000 formations, the most of the import's garbage-collection time: docs/mesures.md).
 */
export function memoise<T extends {}>(f: (s: string) => T, max: number): (s: string) => T {
  const vus = new LRUCache<string, T>({ max });
  return (s) => {
    const connu = vus.get(s);
    if (connu !== undefined) return connu;
    const v = f(s);
    vus.set(propre(s), v);
    return v;
  };
}

/**
 * `s`'s characters in a string of their own. (V8 makes `' ' + s` a flat string when it is sliced,
 * and `slice(1)` of it a view of that new string only: nothing of `s`'s parent is kept.)
 */
const propre = (s: string): string => ` ${s}`.slice(1);
