import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// A fresh user's report (07/12, defence in depth): a form POST with a valid `_csrf` but sent from
// another site (`Origin: http://evil.example`, `Sec-Fetch-Site: cross-site`) was accepted. Refused
// now like a bad token (403 CSRF_INVALIDE); same-origin and no-Origin posts (old browsers, curl
// with the token) still go through.

let t: TestWeb;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
});
afterAll(() => t?.close());

/** Posts the sign-in form with a valid token and `headers`. */
async function connexion(headers: Record<string, string>) {
  const u = await compte(t, {
    email: `cfa-${Math.random().toString(36).slice(2)}@intersite.test`,
    role: 'organisme',
    siren: '130025265',
  });
  const nav = new Navigateur(t.app, '10.49.0.1');
  await nav.get('/connexion');
  const cookie = [...nav.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({
    method: 'POST',
    url: '/connexion',
    remoteAddress: '10.49.0.1',
    headers: {
      cookie,
      'content-type': 'application/x-www-form-urlencoded',
      host: 'localhost:80',
      ...headers,
    },
    payload: new URLSearchParams({ _csrf: nav.csrf!, email: u.email, mot_de_passe: u.motDePasse }).toString(),
  });
}

describe('a cross-site form POST with a valid token', () => {
  it.each([
    [{ origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' }],
    [{ origin: 'http://evil.example' }],
    [{ 'sec-fetch-site': 'cross-site' }],
  ])('is refused as CSRF_INVALIDE (403): %o', async (headers) => {
    const r = await connexion(headers);
    expect(r.statusCode).toBe(403);
    expect(texte(r.body)).toContain('Formulaire expiré');
    expect(texte(r.body)).toContain('CSRF_INVALIDE');
    expect(r.headers['set-cookie']?.toString() ?? '').not.toContain('offre_session');
  });

  it.each([
    [{ origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' }],
    [{ 'sec-fetch-site': 'same-origin' }],
    [{ 'sec-fetch-site': 'none' }],
    [{}],
  ])('goes through from the site itself or without Origin: %o', async (headers) => {
    const r = await connexion(headers);
    expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(303);
  });
});
