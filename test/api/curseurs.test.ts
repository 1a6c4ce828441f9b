import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageCursor } from '../../src/domain/cursor.ts';
import { readAudit } from '../../src/services/audit.service.ts';
import { cleCurseurs } from '../../src/services/curseur.cle.ts';
import { bearer, formationFixture, type TestApi, testApi } from './helpers.ts';

// Issue 11 item 19: every paginated route takes back only a cursor it handed out (one codec,
// src/domain/cursor.ts). A forged or future cursor is a 400 CURSEUR_INVALIDE naming the
// parameter, never an empty page that reads as "nothing more".

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
  for (const cle of ['CUR-1', 'CUR-2', 'CUR-3']) {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: cle }),
    });
    expect(r.statusCode, r.body).toBe(201);
  }
});
afterAll(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url, headers: bearer(t.keys.admin) });

async function refuse(url: string, champ: string) {
  const r = await get(url);
  expect(r.statusCode, url).toBe(400);
  expect(r.headers['content-type'], url).toMatch(/^application\/problem\+json/);
  expect(r.json(), url).toMatchObject({ code: 'CURSEUR_INVALIDE', champ });
  // Malformed (checked with the other parameters) or not handed out (checked by the service).
  expect(r.json().detail, url).toMatch(/^(Paramètre « .+ » invalide|Le paramètre \S+ est invalide)/);
}

// A cursor with the right envelope, sealed under a key that is not the server's.
const forge = pageCursor.encode('fo_zzz', 'pas la clé du serveur');

describe('a cursor that was not handed out is refused on every paginated route', () => {
  it('the change feed: a since past the last event numbered, or not written as the feed writes it', async () => {
    const all = (await get('/api/v1/changes?limit=1000')).json();
    const dernier = all.data.at(-1).seq as number;
    expect(all.next_cursor).toBe(String(dernier));
    // The cursor handed out at the end of the feed reads an empty page, not an error.
    expect((await get(`/api/v1/changes?since=${all.next_cursor}`)).json()).toEqual({
      data: [],
      next_cursor: String(dernier),
    });
    for (const since of [String(dernier + 1), '999999', '1e1', '0x1', '%201', '+1', '01.0'])
      await refuse(`/api/v1/changes?since=${since}`, 'since');
    const futur = (await get(`/api/v1/changes?since=${dernier + 1}`)).json();
    expect(futur.detail).toContain(`n’a numéroté que ${dernier} ${dernier > 1 ? 'événements' : 'événement'}`);
  });

  it('the formation list, the platform feeds and the ranked search', async () => {
    const p1 = (await get('/api/v1/formations?limit=1')).json();
    expect((await get(`/api/v1/formations?limit=1&cursor=${p1.next_cursor}`)).statusCode).toBe(200);
    await refuse(`/api/v1/formations?limit=1&cursor=${forge}`, 'cursor');
    await refuse(`/api/v1/plateformes/parcoursup/offres?cursor=${forge}`, 'cursor');
    await refuse(`/api/v1/plateformes/affelnet/offres?cursor=${forge}`, 'cursor');
    await refuse('/api/v1/plateformes/parcoursup/offres?cursor=zzz', 'cursor');
    await refuse(`/api/v1/formations?q=commercial&cursor=${forge}`, 'cursor');
  });

  it('a search cursor is bound to its search and its limit: another one is refused, not read as duplicates', async () => {
    const p1 = (await get('/api/v1/formations?q=commercial&limit=1')).json();
    expect(p1.data).toHaveLength(1);
    const c = p1.next_cursor as string;
    expect(c).toBeTruthy();
    // The same search goes on after page 1.
    const p2 = (await get(`/api/v1/formations?q=commercial&limit=1&cursor=${c}`)).json();
    expect(p2.data).toHaveLength(1);
    expect(p2.data[0].id).not.toBe(p1.data[0].id);
    // Another limit would re-read page 1 (page 2 of 1000 is past the end); other words or filters
    // another list: refused, saying why.
    for (const autre of [
      '/api/v1/formations?q=commercial&limit=1000',
      '/api/v1/formations?q=management&limit=1',
      '/api/v1/formations?q=commercial&limit=1&region=84',
      '/api/v1/formations?q=commercial&limit=1&tri=debut',
    ]) {
      await refuse(`${autre}&cursor=${c}`, 'cursor');
      expect((await get(`${autre}&cursor=${c}`)).json().detail).toContain('donné pour une autre recherche');
    }
    // Taken back by the plain list (without words): another search's, saying so.
    await refuse(`/api/v1/formations?limit=1&cursor=${c}`, 'cursor');
    expect((await get(`/api/v1/formations?limit=1&cursor=${c}`)).json().detail).toContain(
      'donné pour une autre recherche',
    );
  });

  it('a list cursor (no q) is bound to its filters: other filters are refused, another limit goes on', async () => {
    const p1 = (await get('/api/v1/formations?limit=1&statut=brouillon')).json();
    const c = p1.next_cursor as string;
    expect(c).toBeTruthy();
    const p2 = await get(`/api/v1/formations?limit=1&statut=brouillon&cursor=${c}`);
    expect(p2.statusCode).toBe(200);
    expect(p2.json().data[0].id).not.toBe(p1.data[0].id);
    // A keyset page resumes after the same id whatever its size.
    expect((await get(`/api/v1/formations?limit=2&statut=brouillon&cursor=${c}`)).statusCode).toBe(200);
    for (const autre of [
      '/api/v1/formations?limit=1',
      '/api/v1/formations?limit=1&statut=publiee',
      '/api/v1/formations?limit=1&statut=brouillon&region=84',
    ]) {
      await refuse(`${autre}&cursor=${c}`, 'cursor');
      expect((await get(`${autre}&cursor=${c}`)).json().detail).toContain('donné pour d’autres filtres');
    }
    // Used with words, it is a cursor of other filters too, and says so.
    await refuse(`/api/v1/formations?limit=1&statut=brouillon&q=commercial&cursor=${c}`, 'cursor');
    expect(
      (await get(`/api/v1/formations?limit=1&statut=brouillon&q=commercial&cursor=${c}`)).json().detail,
    ).toContain('donné pour d’autres filtres');
    // A cursor handed out before cursors were bound to their filters (the bare id, signed) is
    // refused as an old search cursor is: start again without `cursor`.
    const ancien = pageCursor.encode(p1.data[0].id, await cleCurseurs(t.ctx.db));
    await refuse(`/api/v1/formations?limit=1&statut=brouillon&cursor=${ancien}`, 'cursor');
  });

  it('a cursor forged around a well-formed id or page number is refused, not read as an empty page', async () => {
    // base64url of "fo_" and 22 "z": an id of the right shape that no page handed out.
    const horsListe = 'Zm9fenp6enp6enp6enp6enp6enp6enp6eg';
    await refuse(`/api/v1/formations?cursor=${horsListe}`, 'cursor');
    await refuse(`/api/v1/plateformes/parcoursup/offres?cursor=${horsListe}`, 'cursor');
    // base64url of "page:99": a page number the ranked search never handed out.
    await refuse('/api/v1/formations?q=commercial&cursor=cGFnZTo5OQ', 'cursor');
    // A cursor handed out, one character changed.
    const p1 = (await get('/api/v1/formations?limit=1')).json();
    const change = `${p1.next_cursor.slice(0, -1)}${p1.next_cursor.endsWith('A') ? 'B' : 'A'}`;
    await refuse(`/api/v1/formations?limit=1&cursor=${change}`, 'cursor');
  });

  it('the security log (page /admin/journal, apres)', async () => {
    const page = await readAudit(t.ctx, {}, 1);
    expect(page.suivant).not.toBeNull();
    expect((await readAudit(t.ctx, { apres: page.suivant! }, 1)).lignes).toHaveLength(1);
    for (const apres of ['abc', '1e3', '-1'])
      await expect(readAudit(t.ctx, { apres }), apres).rejects.toMatchObject({
        code: 'CURSEUR_INVALIDE',
        status: 400,
        details: { champ: 'apres' },
      });
  });
});
