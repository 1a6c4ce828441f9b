import { LRUCache } from 'lru-cache';
import { compresser, type Encodage } from './compression.ts';

/**
 * What the two caches of public reads share (web/page-cache.ts: the anonymous search page;
 * api/read-cache.ts: the public and partner API): answers kept under the public-data version
 * (db/snapshot.repository.ts `dataVersion`, migration 0910), which only moves when a write a public
 * reader can see commits, in whichever process or command it was made.
 */

/** A stored answer: the data version it was computed under (read before computing it) and its body. */
export interface EntreePublique {
  readonly token: string;
  readonly body: Buffer; // encoded once: re-encoding a 350 KB string per hit costs more than the lookup
  /** Other encodings of the body kept with it (api/read-cache.ts: compressed), counted in its size. */
  readonly variantes?: ReadonlyMap<string, Buffer>;
}

/**
 * Answers by key, at most `maxBytes` of bodies (least recently used out first). `get` gives an
 * entry only when it was stored under `token`, the current version (versions are compared for
 * equality only: db/snapshot.repository.ts).
 */
export class CachePublic<E extends EntreePublique> {
  private readonly entries: LRUCache<string, E>;

  constructor(maxBytes: number) {
    this.entries = new LRUCache<string, E>({
      maxSize: maxBytes,
      sizeCalculation: (e) => {
        let n = e.body.length;
        for (const v of e.variantes?.values() ?? []) n += v.length;
        return Math.max(1, n);
      },
    });
  }

  get(key: string, token: string): E | undefined {
    const e = this.entries.get(key);
    return e && e.token === token ? e : undefined;
  }

  set(key: string, entry: E): void {
    this.entries.set(key, entry);
  }

  /**
   * The body of `entry` (kept under `key`) in `encodage` (null: as it is): compressed at the kept
   * levels (compression.ts `compresser`) the first time it is asked, then kept with the entry, its
   * size counted again.
   */
  corps(
    key: string,
    entry: E & { readonly variantes: Map<Encodage, Buffer> },
    encodage: Encodage | null,
  ): Buffer {
    if (encodage === null) return entry.body;
    let v = entry.variantes.get(encodage);
    if (!v) {
      v = compresser(entry.body, encodage);
      entry.variantes.set(encodage, v);
      this.entries.set(key, entry);
    }
    return v;
  }

  /** Forgets the answer of `key`, if any. */
  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * dataVersion shared by the requests that arrive together: a request never takes the token of a
 * query that started before it arrived (a write committed before the request would go unseen), but
 * the requests arriving while a query runs share the next one, started as soon as that one ends.
 * Under load, one round trip answers every request that came in meanwhile instead of one each.
 */
export function versionPartagee(lire: () => Promise<string>): () => Promise<string> {
  let enCours: Promise<unknown> | null = null;
  let suivante: Promise<string> | null = null;
  const lancer = () => {
    const p = lire();
    const fin = p.then(
      () => {},
      () => {},
    );
    enCours = fin;
    void fin.then(() => {
      if (enCours === fin) enCours = null;
    });
    return p;
  };
  return () => {
    if (!enCours) return lancer();
    if (!suivante) {
      const apres = enCours;
      suivante = apres.then(() => {
        suivante = null;
        return lancer();
      });
    }
    return suivante;
  };
}

/** The day (UTC, `YYYY-MM-DD`) an answer is computed for: past sessions change at midnight without a write. */
export { isoDay as jourDe } from '../domain/dates.ts';
