import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';

// A page's content depends on being signed in (its header names the account; the search page
// shows the professional view), but the anonymous `/` said nothing of it: a shared cache could
// hand an anonymous copy to a signed-in user or the other way round. Every page now says
// `Vary: Cookie`; a signed-in page or one holding a CSRF token is never stored (`no-store`), an
// anonymous one is revalidated (`no-cache`).

let t: TestWeb;
let nav: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  nav = await connecte(t, { email: 'vary@offre.test', role: 'gestionnaire', region: '84' }, '10.74.0.1');
}, 120_000);
afterAll(() => t?.close());

const varie = (h: unknown) =>
  String(h ?? '')
    .toLowerCase()
    .split(/\s*,\s*/);

describe('pages whose content depends on the session', () => {
  it('the anonymous search page, computed then from the page cache, compressed or not: Vary Cookie, no-cache', async () => {
    for (const headers of [{}, {}, { 'accept-encoding': 'br' }, { 'accept-encoding': 'br' }]) {
      const r = await t.app.inject({ url: '/?q=vary-cookie', headers });
      expect(r.statusCode).toBe(200);
      expect(varie(r.headers.vary)).toContain('cookie');
      expect(varie(r.headers.vary)).toContain('accept-encoding');
      expect(r.headers['cache-control']).toBe('no-cache');
    }
  });

  it('another anonymous page: Vary Cookie, no-cache', async () => {
    const r = await t.app.inject({ url: '/accessibilite' });
    expect(r.statusCode).toBe(200);
    expect(varie(r.headers.vary)).toContain('cookie');
    expect(r.headers['cache-control']).toBe('no-cache');
  });

  it('an anonymous page with a form (CSRF token and its cookie): Vary Cookie, no-store', async () => {
    const r = await t.app.inject({ url: '/connexion' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('name="_csrf"');
    expect(varie(r.headers.vary)).toContain('cookie');
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('the same pages signed in: Vary Cookie, no-store', async () => {
    for (const url of ['/?q=vary-cookie', '/accessibilite']) {
      const r = await nav.get(url);
      expect(r.statusCode, url).toBe(200);
      expect(varie(r.headers.vary), url).toContain('cookie');
      expect(r.headers['cache-control'], url).toBe('no-store');
    }
  });
});
