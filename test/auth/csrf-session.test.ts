import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// A CSRF token is bound to the session it was minted for (LOW, defence in depth): a token of user
// A's page, sent with A's anti-forgery cookie but user B's session cookie (a cookie planted in B's
// browser), was accepted. When the request carries a live session, the token must have been
// minted for that session; without one (signed out, expired), a token of any session still
// leads to the usual sign-in page (connexion.test.ts: « a form sent once signed out »).

let t: TestWeb;
let a: Navigateur;
let b: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  a = await connecte(t, { email: 'a@csrf-session.test', role: 'gestionnaire', region: '84' }, '10.73.0.1');
  b = await connecte(t, { email: 'b@csrf-session.test', role: 'gestionnaire', region: '84' }, '10.73.0.2');
  await a.get('/gestion');
  await b.get('/gestion');
}, 120_000);
afterAll(() => t?.close());

const commentaire = 'Les dates <b>sont</b> à revoir & « le lieu »';

/** Posts « Retourner à l’organisme » with these cookies and token. */
const retourner = (cookies: Record<string, string>, csrf: string) =>
  t.app.inject({
    method: 'POST',
    url: '/gestion/formations/fo_inconnue/retourner',
    remoteAddress: '10.73.0.3',
    cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: csrf, version: '1', commentaire }).toString(),
  });

describe('a CSRF token is bound to its session', () => {
  it('refuses user A’s token and anti-forgery cookie with user B’s session (CSRF_INVALIDE), free text given back', async () => {
    const r = await retourner(
      { offre_csrf: a.cookies.get('offre_csrf')!, offre_connexion: b.cookies.get('offre_connexion')! },
      a.csrf!,
    );
    expect(r.statusCode).toBe(403);
    expect(texte(r.body)).toContain('Formulaire expiré');
    expect(texte(r.body)).toContain('CSRF_INVALIDE');
    const echappe = 'Les dates &lt;b>sont&lt;/b> à revoir &amp; « le lieu »';
    expect(r.body).toContain(`Votre commentaire, qui n’a pas été envoyé : « ${echappe} »`);
  });

  it('refuses user A’s token with user B’s own anti-forgery cookie and session', async () => {
    const r = await retourner(Object.fromEntries(b.cookies), a.csrf!);
    expect(r.statusCode).toBe(403);
    expect(texte(r.body)).toContain('CSRF_INVALIDE');
  });

  it('takes each user’s own token with that user’s cookies (the form reaches its route)', async () => {
    for (const nav of [a, b]) {
      const r = await retourner(Object.fromEntries(nav.cookies), nav.csrf!);
      expect(r.statusCode).toBe(404);
    }
  });

  it('without a session, a token of any session leads to the sign-in page', async () => {
    const r = await retourner({ offre_csrf: a.cookies.get('offre_csrf')! }, a.csrf!);
    expect(r.statusCode).toBe(401);
    expect(r.body).toContain('le formulaire envoyé n’a pas été enregistré.');
  });
});
