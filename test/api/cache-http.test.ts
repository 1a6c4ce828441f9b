import { request } from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, diffuseeParApi, formationFixture, useTestApi } from './helpers.ts';

// HTTP caching through the real server (a listening socket, node:http): If-None-Match (a list of
// tags, `*`, weak comparison: RFC 9110 § 13.1.2) wherever an ETag is sent, the change feed's
// ETag, private answers saying so, and HEAD answering GET's headers (RFC 9110 § 9.3.2).

const t = useTestApi();
let base = '';
beforeAll(async () => {
  await diffuseeParApi(t, 'CACHE-HTTP-1');
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});

interface Reponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  octets: number;
}
const appel = (method: string, path: string, headers: Record<string, string> = {}) =>
  new Promise<Reponse>((ok, ko) => {
    const r = request(base + path, { method, headers }, (res) => {
      let octets = 0;
      res.on('data', (c: Buffer) => {
        octets += c.length;
      });
      res.on('end', () => ok({ status: res.statusCode!, headers: res.headers, octets }));
    });
    r.on('error', ko);
    r.end();
  });
const get = (path: string, headers: Record<string, string> = {}) => appel('GET', path, headers);
const varie = (r: Reponse) => String(r.headers.vary ?? '').split(/\s*,\s*/);

describe('If-None-Match', () => {
  const listes = (etag: string) => {
    const opaque = etag.replace(/^W\//, '');
    return [`"autre", ${etag}`, '*', opaque, `W/${opaque}`, `W/"x",${opaque} , "y"`];
  };

  for (const [nom, url, cle] of [
    ['a public list (read cache)', '/api/v1/formations?limit=5', null],
    ['the change feed', '/api/v1/changes?limit=50', null],
    ['the change feed of an organisation', '/api/v1/changes?limit=50', 'writeA'],
  ] as const)
    it(`${nom}: 304 for a list holding the tag, *, its weak or strong form; 200 otherwise`, async () => {
      const h = cle ? bearer(t.keys[cle]) : {};
      const premier = await get(url, h);
      expect(premier.status).toBe(200);
      const etag = premier.headers.etag as string;
      expect(etag).toMatch(/^W\/"[^"]+"$/);
      for (const inm of listes(etag)) {
        const r = await get(url, { ...h, 'if-none-match': inm });
        expect([inm, r.status, r.octets]).toEqual([inm, 304, 0]);
        expect(r.headers.etag).toBe(etag);
      }
      for (const inm of ['"autre", W/"encore"', 'pas-un-etag'])
        expect((await get(url, { ...h, 'if-none-match': inm })).status).toBe(200);
    });

  it('a writer’s strong ETag on GET /formations/:id: 304 for a list holding it, and *', async () => {
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'CACHE-HTTP-BROUILLON' }),
    });
    const url = `/api/v1/formations/${cree.json().id}`;
    const lu = await get(url, bearer(t.keys.writeA));
    const etag = lu.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    for (const inm of [`"x", ${etag}`, `W/${etag}`, '*']) {
      const r = await get(url, { ...bearer(t.keys.writeA), 'if-none-match': inm });
      expect([inm, r.status, r.octets]).toEqual([inm, 304, 0]);
    }
    expect((await get(url, { ...bearer(t.keys.writeA), 'if-none-match': '"x"' })).status).toBe(200);
  });
});

describe('the change feed’s ETag', () => {
  it('stays while nothing changes, moves with a write, and differs between what callers see', async () => {
    const url = '/api/v1/changes?limit=1000';
    const a = await get(url);
    expect((await get(url)).headers.etag).toBe(a.headers.etag);
    // Another caller may see something else: never the same tag.
    expect((await get(url, bearer(t.keys.writeA))).headers.etag).not.toBe(a.headers.etag);
    await diffuseeParApi(t, 'CACHE-HTTP-2');
    const b = await get(url, { 'if-none-match': a.headers.etag as string });
    expect(b.status).toBe(200);
    expect(b.headers.etag).not.toBe(a.headers.etag);
  });
});

describe('answers that depend on the caller say so', () => {
  for (const url of ['/api/v1/changes?limit=10', '/api/v1/exports/lheo'])
    it(`${url}: private with a key, Vary: authorization always, public caching for the anonymous`, async () => {
      for (const cle of ['admin', 'read', 'writeA'] as const) {
        const r = await get(url, bearer(t.keys[cle]));
        expect([cle, r.status]).toEqual([cle, 200]);
        expect(String(r.headers['cache-control'])).toMatch(/\bprivate\b/);
        expect(varie(r)).toEqual(expect.arrayContaining(['authorization', 'cookie']));
      }
      const anonyme = await get(url);
      expect(anonyme.headers['cache-control'] ?? '').not.toMatch(/private|no-store/);
      expect(varie(anonyme)).toEqual(expect.arrayContaining(['authorization', 'cookie']));
    });
});

describe('HEAD answers the headers GET sends', () => {
  const COMPARES = ['content-encoding', 'vary', 'content-length', 'content-type', 'etag', 'cache-control'];
  for (const url of [
    '/api/v1/formations?limit=5',
    '/api/v1/changes?limit=50',
    '/api/v1/exports/csv',
    '/api/v1/exports/lheo',
  ])
    for (const encodage of ['br', 'gzip', 'identity'])
      it(`${url}, Accept-Encoding: ${encodage}`, async () => {
        const h = { 'accept-encoding': encodage };
        const g = await get(url, h);
        const hd = await appel('HEAD', url, h);
        expect(hd.status).toBe(200);
        expect(hd.octets).toBe(0);
        const garder = (r: Reponse) => Object.fromEntries(COMPARES.map((k) => [k, r.headers[k]]));
        expect(garder(hd)).toEqual(garder(g));
        if (encodage !== 'identity') expect(g.headers['content-encoding']).toBe(encodage);
      });
});
