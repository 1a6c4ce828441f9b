import { setImmediate as tour } from 'node:timers/promises';
import type { PageFlux } from '../../services/feed.service.ts';
import { CachePublic, type EntreePublique } from '../cache-public.ts';

/**
 * Read-ahead of the change feed (issue 13): a consumer reads the feed page after page, each
 * request naming the `next_cursor` of the page before. While it receives and parses page N, this
 * process computes page N+1 (same reader, same `limit`, the cursor page N handed out), so that the
 * next request is answered with bytes already made: the server's work and the database's overlap
 * the client's instead of following it.
 *
 * - **Validity**: a page made ahead is kept under the public-data version read before page N
 *   (db/snapshot.repository.ts `dataVersion`, the very token of the feed's ETag and of the public
 *   read caches, cache-public.ts): every feed event is written in the transaction of the formation
 *   write it records, which moves that version, in whichever process or command it committed. A
 *   request whose version differs finds nothing and computes its page: a write between two pages
 *   is never missed, and with `offre serve --workers N` each process's read-ahead is invalidated
 *   by the writes of the others as their caches are.
 * - **Key** (`cle` of `lire`): what the page depends on besides the data and the cursor — the
 *   reader's visibility and field view (domain/acces.ts, champs-professionnels.ts), the UTC day,
 *   `limit` — built by the route; a page is never served to a reader of another view.
 * - **Memory**: at most `maxBytes` of pages made ahead and not yet asked for (a page asked for is
 *   taken out: each consumer reads it once; a HEAD only looks at it), least recently used out first, and at most
 *   `maxEnCours` pages being made at once (beyond, no read-ahead: the request computes its page).
 * - Only after a full page (`PageFlux.pleine`): a consumer at the end of the feed polls later, after
 *   writes that would make a page made now stale.
 */
export class LectureAvance {
  private readonly pretes: CachePublic<EntreePublique & { readonly page: PageFlux }>;
  private readonly enCours = new Map<string, { readonly token: string; readonly page: Promise<PageFlux> }>();
  private fermee = false;

  constructor(
    maxBytes: number,
    private readonly maxEnCours = 4,
  ) {
    this.pretes = new CachePublic(maxBytes);
  }

  /**
   * The page of `cle` after cursor `since` (`''`: from the start) under data version `token`: the
   * one made ahead when there is one under that version (awaited while it is being made), else
   * `calculer(since)`. Then, after a full page, starts making the next one. Errors: `calculer`'s
   * (a failed read-ahead is dropped, and the request computes its page).
   * `prendre: false` (a HEAD: no body sent, no page read) uses the page made ahead without taking
   * it, and makes none ahead: the GET that follows still finds it.
   */
  async lire(
    cle: string,
    since: string,
    token: string,
    calculer: (since: string) => Promise<PageFlux>,
    prendre = true,
  ): Promise<Buffer> {
    const page = (await this.prise(`${cle}\0${since}`, token, prendre)) ?? (await calculer(since));
    if (prendre && page.pleine) this.prevoir(cle, page.suivant, token, calculer);
    return page.body;
  }

  /** Waits for the pages being made ahead (on close: none is started after). */
  async fermer(): Promise<void> {
    this.fermee = true;
    await Promise.allSettled([...this.enCours.values()].map((e) => e.page));
  }

  private async prise(k: string, token: string, prendre: boolean): Promise<PageFlux | null> {
    const prete = this.pretes.get(k, token);
    if (prete) {
      if (prendre) this.pretes.delete(k);
      return prete.page;
    }
    const enCours = this.enCours.get(k);
    if (!enCours || enCours.token !== token) return null;
    try {
      return await enCours.page;
    } catch {
      return null;
    } finally {
      if (prendre) this.pretes.delete(k); // stored when it was done: taken too
    }
  }

  private prevoir(cle: string, since: string, token: string, calculer: (since: string) => Promise<PageFlux>) {
    const k = `${cle}\0${since}`;
    if (this.fermee || this.enCours.size >= this.maxEnCours) return;
    if (this.enCours.get(k)?.token === token || this.pretes.get(k, token)) return;
    // After this answer is on its way: the read-ahead does not delay it.
    const page = tour().then(() => calculer(since));
    const entree = { token, page };
    this.enCours.set(k, entree);
    page.then(
      (p) => {
        if (this.enCours.get(k) !== entree) return;
        this.enCours.delete(k);
        this.pretes.set(k, { token, body: p.body, page: p });
      },
      () => {
        if (this.enCours.get(k) === entree) this.enCours.delete(k);
      },
    );
  }
}
