import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../helpers/db.ts';
import { bearer, diffuseeParApi, useTestApi } from './helpers.ts';

const t = useTestApi({ poolSize: 4 });
let id: string;
beforeAll(async () => {
  id = await diffuseeParApi(t, 'CACHE-1');
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });
/**
 * Two reads in a row until the second is served from the cache (the public-data version is this
 * database's own, migration 0910: the first pair is enough; the retries are a margin).
 */
async function twoReads(url: string) {
  for (let i = 0; ; i++) {
    const first = await get(url);
    const second = await get(url);
    if (second.headers['x-offre-cache'] === 'hit' || i === 4) return { first, second };
  }
}
const rename = (title: string) =>
  sql`update formation set intitule = ${title} where id = ${id}`.execute(t.ctx.db);

describe('public read cache', () => {
  it('serves a repeated public read from the cache, byte for byte', async () => {
    expect((await get('/api/v1/formations?limit=11')).headers['x-offre-cache']).toBe('miss');
    const { first, second } = await twoReads('/api/v1/formations?limit=10');
    expect(second.headers['x-offre-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers['content-type']).toMatch(/application\/json/);
  });

  it('never serves a stale page after a write, whoever made it', async () => {
    await get(`/api/v1/formations/${id}`);
    await rename('Titre changé hors de l’API');
    const after = await get(`/api/v1/formations/${id}`);
    expect(after.headers['x-offre-cache']).toBe('miss');
    expect(after.json().intitule).toBe('Titre changé hors de l’API');
  });

  it('answers 304 to a consumer that sends back the ETag of the current data', async () => {
    // A few tries as a margin (the version is this database's own since migration 0910); never a
    // 304 is a failure.
    let etag = '';
    const statuts: number[] = [];
    for (let essai = 0; essai < 10 && statuts.at(-1) !== 304; essai++) {
      etag = String((await get('/api/v1/formations?limit=5')).headers.etag);
      statuts.push((await get('/api/v1/formations?limit=5', { 'if-none-match': etag })).statusCode);
    }
    expect(statuts.at(-1)).toBe(304);
    expect(statuts.every((s) => s === 200 || s === 304)).toBe(true);
    await rename('Encore un autre titre');
    const changed = await get('/api/v1/formations?limit=5', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().data[0].intitule).toBe('Encore un autre titre');
  });

  it('does not cache what write and admin keys see (their view differs)', async () => {
    await get('/api/v1/formations', bearer(t.keys.admin));
    const again = await get('/api/v1/formations', bearer(t.keys.admin));
    expect(again.headers['x-offre-cache']).toBeUndefined();
    expect((await get('/api/v1/formations', bearer(t.keys.read))).headers['x-offre-cache']).toBeDefined();
  });

  // PGlite serialises transactions, so a read cannot run while a write is in flight there.
  // The older writer commits last: the version it bumps at its commit is read by the next request.
  it.skipIf(TEST_ENGINE !== 'postgres')(
    'invalidates when a write that was in flight during the read commits',
    async () => {
      let commit!: () => void;
      const released = new Promise<void>((r) => {
        commit = r;
      });
      let started!: () => void;
      const inFlight = new Promise<void>((r) => {
        started = r;
      });
      const older = t.ctx.db.transaction().execute(async (trx) => {
        await sql`update formation set intitule = 'Écrit pendant la lecture' where id = ${id}`.execute(trx);
        started();
        await released;
      });
      await inFlight;
      // A younger writer (it gets a larger transaction id), committed before the older one.
      await sql`insert into campagne (annee, libelle, fenetre_debut, fenetre_fin) values (2090, 'x', '2090-08-01', '2091-07-31')`.execute(
        t.ctx.db,
      );
      try {
        const during = await get(`/api/v1/formations/${id}`);
        expect(during.json().intitule).not.toBe('Écrit pendant la lecture');
        // Served from the cache once two reads agree on the version.
        await expect
          .poll(async () => (await get(`/api/v1/formations/${id}`)).headers['x-offre-cache'], {
            timeout: 20_000,
          })
          .toBe('hit');
      } finally {
        commit();
        await older;
      }
      const after = await get(`/api/v1/formations/${id}`);
      expect(after.json().intitule).toBe('Écrit pendant la lecture');
    },
  );
});
