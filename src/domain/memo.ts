import { LRUCache } from 'lru-cache';

/**
 * `f` remembered per string argument, for the `max` arguments used most recently (lru-cache's
 * `memo`): for pure checks that an import meets again and again (a telephone on every offer of an
 * organisme, a date or a SIRET on every row of a workbook). `f` must never return undefined.
 */
export function memoise<T extends {}>(f: (s: string) => T, max: number): (s: string) => T {
  const vus = new LRUCache<string, T>({ max, memoMethod: (s) => f(s) });
  return (s) => vus.memo(s);
}
