import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, diffuseeParApi, formationFixture, useTestApi } from './helpers.ts';

// CORS of the open read API (src/http/api/cors.ts): a partner's page elsewhere reads the public
// routes from the browser, anonymously or with an API key, never with the session cookie; writes,
// restricted reads and pages stay same-origin (no CORS header, preflight refused).

const t = useTestApi();
const ORIGIN = 'https://partenaire.example';
let id = '';
beforeAll(async () => {
  id = await diffuseeParApi(t, 'CORS-1');
});

const preflight = (url: string, method: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin: ORIGIN, 'access-control-request-method': method, ...headers },
  });

describe('CORS of the open read API', () => {
  it('open GET/HEAD routes: Allow-Origin *, no credentials, exposed headers, CORP cross-origin', async () => {
    for (const url of [
      '/api/v1/formations?limit=2',
      `/api/v1/formations/${id}`,
      '/api/v1/changes?limit=2',
      '/api/v1/communes?q=Laval',
      '/api/v1/openapi.json',
      '/api/v1/exports/csv',
    ]) {
      for (const method of ['GET', 'HEAD'] as const) {
        const r = await t.app.inject({ method, url, headers: { origin: ORIGIN } });
        expect([url, method, r.statusCode]).toEqual([url, method, 200]);
        expect(r.headers['access-control-allow-origin']).toBe('*');
        expect(r.headers['access-control-allow-credentials']).toBeUndefined();
        expect(r.headers['cross-origin-resource-policy']).toBe('cross-origin');
        const exposes = String(r.headers['access-control-expose-headers']).toLowerCase();
        for (const h of ['etag', 'retry-after', 'x-ratelimit-remaining']) expect(exposes).toContain(h);
      }
    }
  });

  it('with an API key too, and a refusal (401) still carries the headers', async () => {
    const cle = await t.app.inject({
      method: 'GET',
      url: '/api/v1/formations?limit=1',
      headers: { origin: ORIGIN, ...bearer(t.keys.read) },
    });
    expect(cle.statusCode).toBe(200);
    expect(cle.headers['access-control-allow-origin']).toBe('*');
    expect(cle.headers['x-ratelimit-remaining']).toBeDefined();
    const mauvaise = await t.app.inject({
      method: 'GET',
      url: '/api/v1/formations?limit=1',
      headers: { origin: ORIGIN, authorization: 'Bearer pas-une-cle' },
    });
    expect(mauvaise.statusCode).toBe(401);
    expect(mauvaise.headers['access-control-allow-origin']).toBe('*');
  });

  it('preflight: 204 for GET/HEAD of an open route, Authorization allowed, no credentials', async () => {
    for (const url of ['/api/v1/formations', `/api/v1/formations/${id}?x=1`, '/api/v1/exports/lheo']) {
      const r = await preflight(url, 'GET', { 'access-control-request-headers': 'authorization' });
      expect([url, r.statusCode]).toEqual([url, 204]);
      expect(r.headers['access-control-allow-origin']).toBe('*');
      expect(String(r.headers['access-control-allow-methods'])).toBe('GET, HEAD');
      expect(String(r.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
      expect(r.headers['access-control-allow-credentials']).toBeUndefined();
    }
    expect((await preflight('/api/v1/formations', 'HEAD')).statusCode).toBe(204);
  });

  it('writes and restricted reads: preflight 404, no CORS header on the answer, CORP same-origin', async () => {
    for (const [url, method] of [
      ['/api/v1/formations', 'POST'],
      [`/api/v1/formations/${id}`, 'PUT'],
      [`/api/v1/formations/${id}`, 'DELETE'],
      ['/api/v1/admin/cles', 'GET'],
      ['/api/v1/inconnue', 'GET'],
    ] as const) {
      const r = await preflight(url, method);
      expect([url, method, r.statusCode]).toEqual([url, method, 404]);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    }
    const ecriture = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: { origin: ORIGIN, ...bearer(t.keys.writeA) },
      payload: formationFixture({ cle_externe: 'CORS-2' }),
    });
    expect(ecriture.statusCode).toBe(201);
    expect(ecriture.headers['access-control-allow-origin']).toBeUndefined();
    expect(ecriture.headers['cross-origin-resource-policy']).toBe('same-origin');
    const admin = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/cles',
      headers: { origin: ORIGIN, ...bearer(t.keys.admin) },
    });
    expect(admin.statusCode).toBe(200);
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('pages stay same-origin', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/formations', headers: { origin: ORIGIN } });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect((await preflight('/formations', 'GET')).headers['access-control-allow-origin']).toBeUndefined();
  });
});
