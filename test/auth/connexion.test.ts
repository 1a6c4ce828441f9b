import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compte, Navigateur, type TestWeb, testWeb } from './web.helpers.ts';

let t: TestWeb;
beforeAll(async () => {
  t = await testWeb();
});
afterAll(() => t.close());

describe('sign-in, sessions, sign-out', () => {
  it('signs in with a database session in an HttpOnly SameSite=Lax cookie, and lands in the role’s space', async () => {
    const g = await compte(t, {
      email: 'gestion@carif.test',
      role: 'gestionnaire',
      region: '84',
      nom: 'Gaëlle Gestion',
    });
    const nav = new Navigateur(t.app);
    const page = await nav.get('/connexion');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Se connecter');
    const r = await nav.post('/connexion', { email: 'Gestion@Carif.test ', mot_de_passe: g.motDePasse });
    expect(r.statusCode).toBe(303);
    const cookie = r.cookies.find((c) => c.name === 'offre_connexion')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy(); // plain HTTP here; Secure behind HTTPS (tested below)
    const stored = await t.ctx.db
      .selectFrom('connexion')
      .selectAll()
      .where('utilisateur_id', '=', g.id)
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toBe(cookie.value); // only the hash is stored
    expect((await nav.get('/compte/accueil')).headers.location).toBe('/gestion');
    const gestion = await nav.get('/gestion');
    expect(gestion.statusCode).toBe(200);
    expect(gestion.body).toContain('Gaëlle Gestion');
    expect(gestion.body).toContain('Se déconnecter');
    expect(gestion.headers['cache-control']).toBe('no-store');
  });

  it('refuses wrong credentials with the same French message for an unknown e-mail and a wrong password', async () => {
    await compte(t, { email: 'org@cfa.test', role: 'organisme', siren: '130025265' });
    const nav = new Navigateur(t.app, '10.0.0.2');
    const faux = await nav.seConnecter('org@cfa.test', 'pas le bon mot de passe');
    const inconnu = await nav.seConnecter('personne@cfa.test', 'pas le bon mot de passe');
    for (const r of [faux, inconnu]) {
      expect(r.statusCode).toBe(401);
      expect(r.body).toContain('Adresse électronique ou mot de passe incorrect.');
      expect(r.body).toContain('href="#email"'); // the error summary links to the field
    }
    expect(nav.cookies.has('offre_connexion')).toBe(false);
  });

  it('sends a signed-out visitor of a guarded page to /connexion?retour=… and back after sign-in', async () => {
    const a = await compte(t, { email: 'admin@offre.test', role: 'admin' });
    const nav = new Navigateur(t.app, '10.0.0.3');
    const r = await nav.get('/admin?page=2');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/connexion?retour=%2Fadmin%3Fpage%3D2');
    const s = await nav.seConnecter(a.email, a.motDePasse, '/admin?page=2');
    expect(s.headers.location).toBe('/admin?page=2');
  });

  it('a form sent once signed out (another tab): back to sign in, told nothing was saved, then to the form’s page', async () => {
    const a = await compte(t, { email: 'admin-onglets@offre.test', role: 'admin' });
    const nav = new Navigateur(t.app, '10.0.0.4');
    await nav.seConnecter(a.email, a.motDePasse);
    const cles = await nav.get('/admin/cles');
    expect(cles.statusCode).toBe(200);
    const jeton = nav.csrf;
    // Signed out in another tab: same browser, same cookies.
    expect((await nav.post('/deconnexion', {})).statusCode).toBe(303);
    const texte = new Map<string, string>();
    // Forms whose URL is also their page (GET /admin/cles, GET /admin/utilisateurs).
    for (const [url, page] of [
      ['/admin/cles', '/admin/cles'],
      ['/admin/utilisateurs', '/admin/utilisateurs'],
    ] as const) {
      const r = await nav.post(url, { nom: 'Partenaire' }, { csrf: jeton });
      expect(r.statusCode, url).toBe(303);
      expect(r.headers.location, url).toBe(`/connexion?retour=${encodeURIComponent(page)}&info=non-connecte`);
      const connexion = await nav.get(String(r.headers.location));
      expect(connexion.statusCode).toBe(200);
      texte.set(url, connexion.body);
    }
    expect(texte.get('/admin/cles')).toContain(
      'Vous n’êtes pas connecté (ou plus : votre session a pris fin) : le formulaire envoyé n’a pas été enregistré.',
    );
    expect(texte.get('/admin/cles')).toContain('fr-alert--info');
    const s = await nav.seConnecter(a.email, a.motDePasse, '/admin/cles');
    expect(s.headers.location).toBe('/admin/cles');
  });

  it('a decision posted once signed out goes back to the page it was taken on (the nearest page above its action)', async () => {
    const nav = new Navigateur(t.app, '10.0.0.5');
    await nav.get('/connexion');
    const r = await nav.post('/gestion/formations/fo_inconnue/valider', { version: '1' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(
      `/connexion?retour=${encodeURIComponent('/gestion/formations/fo_inconnue')}&info=non-connecte`,
    );
  });

  // A fresh user's report (07/12): a gestionnaire signed out everywhere from another browser typed a
  // comment, sent « Retourner à l’organisme », signed in again: the comment was gone. The sign-in
  // page now gives back each free text of the refused form (escaped, never stored), and keeps it
  // through a failed attempt (hidden fields of its own form), so that it can be copied.
  it('a free text sent once signed out is shown back on the sign-in page, escaped, to copy', async () => {
    const g = await compte(t, { email: 'texte-perdu@carif.test', role: 'gestionnaire', region: '84' });
    const nav = new Navigateur(t.app, '10.0.0.6');
    await nav.get('/connexion');
    const commentaire = 'Les dates <b>sont</b> à revoir & « le lieu »';
    const r = await nav.post('/gestion/formations/fo_inconnue/retourner', { version: '1', commentaire });
    expect(r.statusCode).toBe(401);
    expect(r.headers['cache-control']).toContain('no-store');
    expect(r.body).toContain(
      'Vous n’êtes pas connecté (ou plus : votre session a pris fin) : le formulaire envoyé n’a pas été enregistré.',
    );
    const echappe = 'Les dates &lt;b>sont&lt;/b> à revoir &amp; « le lieu »';
    expect(r.body).toContain(`Votre commentaire, qui n’a pas été envoyé : « ${echappe} »`);
    expect(r.body).not.toContain('<b>sont</b>');
    expect(r.body).toContain(
      `action="/connexion?retour=${encodeURIComponent('/gestion/formations/fo_inconnue')}"`,
    );
    // A wrong password: still there.
    const faux = await nav.post(
      `/connexion?retour=${encodeURIComponent('/gestion/formations/fo_inconnue')}`,
      {
        email: g.email,
        mot_de_passe: 'pas le bon',
        commentaire,
      },
    );
    expect(faux.statusCode).toBe(401);
    expect(faux.body).toContain(`Votre commentaire, qui n’a pas été envoyé : « ${echappe} »`);
    // Signed in: back to the page the form was sent from.
    const ok = await nav.post(`/connexion?retour=${encodeURIComponent('/gestion/formations/fo_inconnue')}`, {
      email: g.email,
      mot_de_passe: g.motDePasse,
      commentaire,
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/gestion/formations/fo_inconnue');
    // Every long free text of a signed-in user's forms: a platform decision's or a refusal's motif too.
    const nav2 = new Navigateur(t.app, '10.0.0.7');
    await nav2.get('/connexion');
    const m = await nav2.post('/instruction/parcoursup/fo_inconnue', {
      action: 'non_publier',
      motif: 'Dossier incomplet',
    });
    expect(m.statusCode).toBe(401);
    expect(m.body).toContain('Votre motif, qui n’a pas été envoyé : « Dossier incomplet »');
    // Nothing typed: the redirection, as before.
    const vide = await nav2.post('/gestion/formations/fo_inconnue/retourner', {
      version: '1',
      commentaire: '  ',
    });
    expect(vide.statusCode).toBe(303);
  });

  it('never redirects outside the site after sign-in', async () => {
    const a = await compte(t, { email: 'redir@offre.test', role: 'admin' });
    for (const retour of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      '/%2F%2Fevil.example',
      'javascript:alert(1)',
      '/\t/evil.example',
    ]) {
      const nav = new Navigateur(t.app, '10.0.0.4');
      const r = await nav.seConnecter(a.email, a.motDePasse, retour);
      expect(r.statusCode).toBe(303);
      const to = r.headers.location as string;
      expect(to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\')).toBe(true);
      expect(new URL(to, 'http://offre.test').host).toBe('offre.test');
    }
  });

  it('ends the session at sign-out: the old cookie no longer works', async () => {
    const g = await compte(t, { email: 'sortie@carif.test', role: 'gestionnaire', region: '84' });
    const nav = new Navigateur(t.app, '10.0.0.5');
    await nav.seConnecter(g.email, g.motDePasse);
    const ancien = nav.cookies.get('offre_connexion')!;
    await nav.get('/gestion');
    const r = await nav.post('/deconnexion', {});
    expect(r.headers.location).toBe('/connexion?info=deconnecte');
    const rejoue = await t.app.inject({ url: '/gestion', cookies: { offre_connexion: ancien } });
    expect(rejoue.statusCode).toBe(303);
    expect(rejoue.headers.location).toMatch(/^\/connexion/);
  });

  it('gives a signed-in user without JavaScript their spaces and « Se déconnecter » in the footer', async () => {
    // On a small screen the header's links sit in a dialog that needs DSFR's script.
    const a = await compte(t, { email: 'pied@offre.test', role: 'admin' });
    const nav = new Navigateur(t.app, '10.0.0.8');
    await nav.seConnecter(a.email, a.motDePasse);
    const page = await nav.get('/compte');
    const pied = page.body.slice(page.body.indexOf('<footer'));
    expect(pied).toContain('href="/compte"');
    expect(pied).toContain('href="/gestion"');
    expect(pied).toContain('href="/admin"');
    const formulaire =
      /<form method="post" action="\/deconnexion"><input type="hidden" name="_csrf" value="([^"]+)"/.exec(
        pied,
      );
    expect(formulaire).not.toBeNull();
    const r = await nav.post('/deconnexion', {}, { csrf: formulaire![1]! });
    expect(r.headers.location).toBe('/connexion?info=deconnecte');
    const anonyme = await new Navigateur(t.app, '10.0.0.9').get('/');
    const piedAnonyme = anonyme.body.slice(anonyme.body.indexOf('<footer'));
    expect(piedAnonyme).toContain('Se connecter');
    expect(piedAnonyme).not.toContain('/deconnexion');
  });

  it('rotates the session on sign-in and signs out everywhere', async () => {
    const g = await compte(t, { email: 'partout@carif.test', role: 'gestionnaire', region: '84' });
    const pc = new Navigateur(t.app, '10.0.0.6');
    const tel = new Navigateur(t.app, '10.0.0.7');
    await pc.seConnecter(g.email, g.motDePasse);
    const premier = pc.cookies.get('offre_connexion')!;
    await pc.seConnecter(g.email, g.motDePasse);
    expect(pc.cookies.get('offre_connexion')).not.toBe(premier);
    expect((await t.app.inject({ url: '/gestion', cookies: { offre_connexion: premier } })).statusCode).toBe(
      303,
    );
    await tel.seConnecter(g.email, g.motDePasse);
    expect((await tel.get('/gestion')).statusCode).toBe(200);
    await pc.get('/compte');
    const r = await pc.post('/deconnexion/partout', {});
    expect(r.headers.location).toBe('/connexion?info=partout');
    expect((await tel.get('/gestion')).statusCode).toBe(303);
    expect(
      await t.ctx.db.selectFrom('connexion').selectAll().where('utilisateur_id', '=', g.id).execute(),
    ).toEqual([]);
  });

  it('expires an idle session and a session past its absolute lifetime', async () => {
    const g = await compte(t, { email: 'expire@carif.test', role: 'gestionnaire', region: '84' });
    const nav = new Navigateur(t.app, '10.0.0.8');
    await nav.seConnecter(g.email, g.motDePasse);
    const idle = t.ctx.config!.comptes.inactiviteMin * 60_000 + 1000;
    await t.ctx.db
      .updateTable('connexion')
      .set({ last_seen_at: new Date(Date.now() - idle) })
      .where('utilisateur_id', '=', g.id)
      .execute();
    expect((await nav.get('/gestion')).statusCode).toBe(303);
    await nav.seConnecter(g.email, g.motDePasse);
    await t.ctx.db
      .updateTable('connexion')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('utilisateur_id', '=', g.id)
      .execute();
    expect((await nav.get('/gestion')).statusCode).toBe(303);
  });

  it('marks the cookie Secure behind an HTTPS proxy when trust proxy is set', async () => {
    const { buildApp } = await import('../../src/http/app.ts');
    const app = await buildApp({ ...t.ctx, config: { ...t.ctx.config!, trustProxy: true } });
    try {
      const g = await compte(t, { email: 'https@carif.test', role: 'gestionnaire', region: '84' });
      const page = await app.inject({ url: '/connexion', headers: { 'x-forwarded-proto': 'https' } });
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      const csrfCookie = page.cookies.find((c) => c.name === 'offre_csrf')!;
      expect(csrfCookie.secure).toBe(true);
      const r = await app.inject({
        method: 'POST',
        url: '/connexion',
        headers: { 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded' },
        cookies: { offre_csrf: csrfCookie.value },
        payload: new URLSearchParams({ _csrf: csrf, email: g.email, mot_de_passe: g.motDePasse }).toString(),
      });
      expect(r.statusCode).toBe(303);
      expect(r.cookies.find((c) => c.name === 'offre_connexion')!.secure).toBe(true);
      expect(r.headers['strict-transport-security']).toBeDefined();
    } finally {
      await app.close();
    }
  });
});
