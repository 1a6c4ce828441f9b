import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';

// Error pages that offered only « Retour à l’accueil » where a better way back exists (L5): an
// expired password link leads to asking a new one, an expired invitation to sign-in, an expired
// form back to its page, a page refused to a signed-in user to that user's own home, an unknown
// structure back to the structures. One page (erreur.page.tsx), its way back decided in one place.

let t: TestWeb;
let org: Navigateur;
let gestion: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  org = await connecte(t, { email: 'cfa@retour.test', role: 'organisme', siren: SIREN_A }, '10.61.0.1');
  gestion = await connecte(
    t,
    { email: 'gestion@retour.test', role: 'gestionnaire', region: '84' },
    '10.61.0.2',
  );
}, 120_000);
afterAll(() => t?.close());

/** The buttons under the page's message (« libellé » → href), in their order; not the header's. */
const boutons = (html: string) =>
  [
    ...html.slice(html.indexOf('<h1')).matchAll(/<a class="fr-btn[^"]*" href="([^"]*)">\s*([^<]+?)\s*<\/a>/g),
  ].map((m) => [texte(m[2]!).trim(), m[1]!.replace(/&amp;/g, '&')]);

describe('an error page offers the better way back', () => {
  it('an expired password link: ask for a new one', async () => {
    const r = await new Navigateur(t.app, '10.61.0.3').get('/mot-de-passe/nouveau?jeton=perime');
    expect(r.statusCode).toBe(410);
    expect(boutons(r.body)[0]).toEqual(['Demander un nouveau lien', '/mot-de-passe/oublie']);
  });

  it('an expired invitation: sign in', async () => {
    const r = await new Navigateur(t.app, '10.61.0.4').get('/invitation?jeton=perime');
    expect(r.statusCode).toBe(410);
    expect(boutons(r.body)[0]).toEqual(['Se connecter', '/connexion']);
  });

  it('an expired form (no anti-forgery token): back to the form’s page', async () => {
    await org.get('/espace/formations/nouvelle');
    const r = await org.post('/espace/formations/nouvelle', { intitule: 'x' }, { csrf: null });
    expect(r.statusCode).toBe(403);
    expect(texte(r.body)).toContain('Formulaire expiré');
    expect(boutons(r.body)[0]).toEqual(['Retour au formulaire', '/espace/formations/nouvelle']);
  });

  it('a page refused to a signed-in user: back to that user’s own home', async () => {
    const r = await org.get('/gestion/structures');
    expect(r.statusCode).toBe(403);
    expect(boutons(r.body)[0]).toEqual(['Retour à mon espace', '/espace']);
  });

  it('an unknown structure: back to the structures', async () => {
    const r = await gestion.get('/gestion/structures/000000000');
    expect(r.statusCode).toBe(404);
    expect(boutons(r.body)[0]).toEqual(['Retour aux structures', '/gestion/structures']);
  });
});
