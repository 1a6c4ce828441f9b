import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { bearer, diffuseeParApi, formationFixture, useTestApi } from './helpers.ts';

// HTTP compression of the API (src/http/compression.ts): what a client that sends
// Accept-Encoding receives decompresses to exactly the bytes a client without it receives.

const t = useTestApi({ poolSize: 4 });
let sansCache: FastifyInstance;
beforeAll(async () => {
  for (const cle of ['GZ-1', 'GZ-2']) await diffuseeParApi(t, cle);
  sansCache = await buildApp(t.ctx, { apiCache: false });
});
afterAll(() => sansCache.close());

const inflate = { gzip: gunzipSync, br: brotliDecompressSync } as const;
const get = (app: FastifyInstance, url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

describe('compressed answers', () => {
  for (const [nom, app] of [
    ['read cache on', () => t.app],
    ['read cache off', () => sansCache],
  ] as const)
    for (const url of ['/api/v1/formations?limit=10', '/api/v1/changes?limit=100'])
      it(`${url} (${nom}): gzip and br decompress to exactly the uncompressed body`, async () => {
        const brut = await get(app(), url);
        expect(brut.statusCode).toBe(200);
        expect(brut.headers['content-encoding']).toBeUndefined();
        expect(brut.rawPayload.length).toBeGreaterThan(1024);
        // twice: the cache's miss (compressed and kept), then its hit (sent as kept)
        for (const encodage of ['gzip', 'br'] as const)
          for (let i = 0; i < 2; i++) {
            const res = await get(app(), url, { 'accept-encoding': encodage });
            expect(res.statusCode).toBe(200);
            expect(res.headers['content-encoding']).toBe(encodage);
            expect(String(res.headers.vary)).toMatch(/accept-encoding/);
            expect(res.headers['content-type']).toMatch(/^application\/json/);
            expect(res.rawPayload.length).toBeLessThan(brut.rawPayload.length / 2);
            expect(inflate[encodage](res.rawPayload).equals(brut.rawPayload)).toBe(true);
          }
      });

  it('prefers brotli when both are accepted, and sends as is for identity or an unknown encoding', async () => {
    const url = '/api/v1/formations?limit=10';
    expect(
      (await get(t.app, url, { 'accept-encoding': 'gzip, deflate, br' })).headers['content-encoding'],
    ).toBe('br');
    expect((await get(t.app, url, { 'accept-encoding': 'gzip, deflate' })).headers['content-encoding']).toBe(
      'gzip',
    );
    for (const e of ['identity', 'zstd', 'br;q=0, gzip;q=0'])
      expect((await get(t.app, url, { 'accept-encoding': e })).headers['content-encoding']).toBeUndefined();
  });

  it('says that a cached list varies with Accept-Encoding even when sent as is', async () => {
    const res = await get(t.app, '/api/v1/formations?limit=10');
    expect(String(res.headers.vary)).toMatch(/accept-encoding/);
  });

  it('keeps the ETag / If-None-Match answers (304) whatever the encoding', async () => {
    const url = '/api/v1/formations?limit=9';
    await get(t.app, url);
    const compresse = await get(t.app, url, { 'accept-encoding': 'gzip' });
    const etag = compresse.headers.etag as string;
    expect(etag).toBeTruthy();
    expect((await get(t.app, url)).headers.etag).toBe(etag);
    const nonModifie = await get(t.app, url, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(nonModifie.statusCode).toBe(304);
    expect(nonModifie.rawPayload.length).toBe(0);
  });

  it('never decompresses a request body: a gzip body is read as sent, and refused', async () => {
    const { gzipSync } = await import('node:zlib');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify(formationFixture({ cle_externe: 'GZ-3' }))),
    });
    expect(res.statusCode).toBe(400);
  });
});

// helmet's headers, now set by a middleware built once (src/http/plugins/securite.plugin.ts):
// every answer keeps them, the API docs keep their own style policy.
describe('security headers', () => {
  it('are on API answers, cached or not, on pages, on 404s, and the API docs keep their own', async () => {
    for (const url of ['/api/v1/formations?limit=10', '/api/v1/changes?limit=10', '/', '/nulle-part']) {
      const res = await get(t.app, url, { 'accept-encoding': 'gzip' });
      expect(res.headers['content-security-policy'], url).toMatch(/script-src 'self'/);
      expect(res.headers['content-security-policy'], url).not.toMatch(/unsafe-inline/);
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
    const docs = await get(t.app, '/api/docs/');
    expect(docs.headers['content-security-policy']).toMatch(/style-src 'self' 'unsafe-inline'/);
    expect(docs.headers['referrer-policy']).toBe('no-referrer');
  });
});
