import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnComplete } from '../../src/domain/identifiants.ts';
import { bearer, formationFixture, type TestApi, testApi } from './helpers.ts';

// GET /api/v1/organismes/{siret} answers what the public may see (an establishment a reference
// knows, or one of a diffused offer) or what the caller may see (its own structure's, one of an
// offer it sees, everything for an administrator); otherwise 404, as for an unknown SIRET. The
// answer depends on the caller: `Vary: authorization, cookie`, and `Cache-Control: private` for an
// authenticated one, so a shared cache never serves a private answer to the public.

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => t?.close());

/** A co-contractor of a SIREN Offre does not know, named only in A's draft. */
const BROUILLON = luhnComplete('7770007770012');
const get = (url: string, key?: string) => t.app.inject({ url, headers: key ? bearer(key) : {} });

describe('an organisme known only from a draft', () => {
  beforeAll(async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({
        cle_externe: 'VIS-1',
        formateur: { siret: BROUILLON, raison_sociale: 'NOM DU BROUILLON' },
      }),
    });
    expect(r.statusCode).toBe(201);
  });

  it('is 404 to the public and to a read key, as an unknown SIRET', async () => {
    for (const key of [undefined, t.keys.read]) {
      const r = await get(`/api/v1/organismes/${BROUILLON}`, key);
      expect(r.statusCode).toBe(404);
      expect(r.body).not.toContain('NOM DU BROUILLON');
      expect(r.headers.vary).toContain('authorization');
    }
    // Its public page too (it has no formation the public is shown): a guard, it already was 404.
    const page = await get(`/organismes/${BROUILLON}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('NOM DU BROUILLON');
    const inconnu = await get('/api/v1/organismes/12345678901234');
    expect(inconnu.json().detail).toBe(
      (await get(`/api/v1/organismes/${BROUILLON}`)).json().detail.replace(BROUILLON, '12345678901234'),
    );
  });

  it('is shown to the key whose draft names it and to an administrator, privately', async () => {
    for (const key of [t.keys.writeA, t.keys.admin]) {
      const r = await get(`/api/v1/organismes/${BROUILLON}`, key);
      expect(r.statusCode).toBe(200);
      expect(r.json().raison_sociale).toBe('NOM DU BROUILLON');
      expect(r.headers.vary).toContain('authorization');
      expect(r.headers['cache-control']).toContain('private');
    }
    expect((await get(`/api/v1/organismes/${BROUILLON}`, t.keys.writeB)).statusCode).toBe(404);
  });

  it('is shown to the public once a reference knows it', async () => {
    await t.ctx.db
      .insertInto('etablissement')
      .values({ siret: BROUILLON, siren: BROUILLON.slice(0, 9), etat: 'A', denomination: 'LYCEE X' })
      .execute();
    const r = await get(`/api/v1/organismes/${BROUILLON}`);
    expect(r.statusCode).toBe(200);
    expect(r.json().referentiels.sirene.denomination).toBe('LYCEE X');
    expect(r.headers['cache-control'] ?? '').not.toContain('private');
  });
});
