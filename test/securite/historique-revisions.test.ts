import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, formationFixture, setCatalogue, type TestApi, testApi } from '../api/helpers.ts';

// Issue 15, defect 6: the history of a formation showed another organisation's pending revision
// and its author, while GET …/revision refused. The same rule now holds for both: the owner's
// SIREN and validators see revisions and authors; anyone else reads the history as the public.

describe('history of a formation with a pending revision', () => {
  let t: TestApi;
  let id: string;
  const get = (url: string, key?: string) =>
    t.app.inject({ method: 'GET', url, headers: key ? bearer(key) : {} });

  beforeAll(async () => {
    t = await testApi();
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'HIST-REV' }),
    });
    id = post.json().id;
    const step = (s: string, key: string) =>
      t.app.inject({ method: 'POST', url: `/api/v1/formations/${id}/${s}`, headers: bearer(key) });
    expect((await step('publier', t.keys.writeA)).statusCode).toBe(200);
    expect((await step('valider', t.keys.admin)).statusCode).toBe(200);
    await setCatalogue(t.ctx, id, 'general');
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'HIST-REV', intitule: 'Intitulé encore secret' }),
    });
    expect(put.json()).toMatchObject({ revision: true });
  });
  afterAll(() => t.close());

  it('hides the revision and the authors from another organisation’s key, as /revision does', async () => {
    expect((await get(`/api/v1/formations/${id}/revision`, t.keys.writeB)).statusCode).toBe(403);
    const r = await get(`/api/v1/formations/${id}/historique`, t.keys.writeB);
    expect(r.statusCode).toBe(200);
    const h = r.json() as { entite: string; acteur: string; diff: unknown }[];
    expect(h.length).toBeGreaterThan(0);
    expect(h.some((e) => e.entite === 'revision')).toBe(false);
    expect(JSON.stringify(h)).not.toContain('Intitulé encore secret');
    expect(h.map((e) => e.acteur)).not.toContain('cle:test-write-130025265');
    expect(h.every((e) => !e.acteur.includes(':'))).toBe(true);
  });

  it('shows them to the owner and to a validator', async () => {
    for (const key of [t.keys.writeA, t.keys.admin]) {
      const h = (await get(`/api/v1/formations/${id}/historique`, key)).json() as { entite: string }[];
      expect(h.at(-1)).toMatchObject({ entite: 'revision', acteur: 'cle:test-write-130025265' });
    }
  });
});
