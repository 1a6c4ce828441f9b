import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formationFixture, SIRET_A, SIRET_B } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// Boundaries: CSRF on every form and on cookie-authenticated API writes, sign-in and sign-up rate limits,
// one SIREN cannot act as another, roles cannot cross into other spaces.

let t: TestWeb;
beforeAll(async () => {
  t = await testWeb({
    smtp: false,
    comptes: { connexionParIp: 6, connexionParCompte: 3, connexionParCompteTotal: 5, inscriptionParIp: 3 },
  });
});
afterAll(() => t.close());

describe('CSRF', () => {
  it('refuses a form post without a valid token, with a French page', async () => {
    const a = await compte(t, { email: 'csrf@offre.test', role: 'admin' });
    const nav = new Navigateur(t.app, '10.9.0.1');
    await nav.get('/connexion');
    for (const csrf of [null, 'faux-jeton']) {
      const r = await nav.post('/connexion', { email: a.email, mot_de_passe: a.motDePasse }, { csrf });
      expect(r.statusCode).toBe(403);
      expect(r.headers['content-type']).toMatch(/text\/html/);
      expect(r.body).toContain('Formulaire expiré');
      expect(nav.cookies.has('offre_connexion')).toBe(false);
    }
    // A token from another browser (another CSRF cookie) does not pass either.
    const autre = new Navigateur(t.app, '10.9.0.2');
    await autre.get('/connexion');
    expect(
      (await nav.post('/connexion', { email: a.email, mot_de_passe: a.motDePasse }, { csrf: autre.csrf }))
        .statusCode,
    ).toBe(403);
    await nav.seConnecter(a.email, a.motDePasse);
    expect((await nav.post('/deconnexion', {}, { csrf: null })).statusCode).toBe(403);
    expect((await nav.get('/admin')).statusCode).toBe(200); // still signed in
  });

  it('asks the session-authenticated API for the token on writes', async () => {
    const u = await compte(t, { email: 'api@cfa-a.test', role: 'organisme', siren: SIRET_A.slice(0, 9) });
    const nav = new Navigateur(t.app, '10.9.0.3');
    await nav.seConnecter(u.email, u.motDePasse);
    await nav.get('/espace');
    const cookies = Object.fromEntries(nav.cookies);
    const sans = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      cookies,
      payload: formationFixture({ cle_externe: 'CSRF-1' }),
    });
    expect(sans.statusCode).toBe(403);
    expect(sans.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(sans.json()).toMatchObject({ code: 'CSRF_INVALIDE' });
    const avec = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      cookies,
      headers: { 'x-csrf-token': nav.csrf! },
      payload: formationFixture({ cle_externe: 'CSRF-1' }),
    });
    expect(avec.statusCode).toBe(201);
    // The session authenticates reads of the user's own drafts.
    const lu = await t.app.inject({ url: `/api/v1/formations/${avec.json().id}`, cookies });
    expect(lu.statusCode).toBe(200);
  });
});

describe('one SIREN cannot act as another', () => {
  it('refuses A’s session B’s offers, through the API and forged forms', async () => {
    const a = await compte(t, { email: 'a@cfa-a.test', role: 'organisme', siren: SIRET_A.slice(0, 9) });
    const navB = await connecte(
      t,
      { email: 'b@cfa-b.test', role: 'organisme', siren: SIRET_B.slice(0, 9) },
      '10.9.1.1',
    );
    await navB.get('/espace');
    const brouillonB = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      cookies: Object.fromEntries(navB.cookies),
      headers: { 'x-csrf-token': navB.csrf! },
      payload: formationFixture({ cle_externe: 'B-1', siret: SIRET_B }),
    });
    expect(brouillonB.statusCode).toBe(201);
    const idB = brouillonB.json().id as string;

    const navA = new Navigateur(t.app, '10.9.1.2');
    await navA.seConnecter(a.email, a.motDePasse);
    await navA.get('/espace');
    const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        cookies: Object.fromEntries(navA.cookies),
        headers: { 'x-csrf-token': navA.csrf! },
        payload,
      });
    expect((await api('GET', `/api/v1/formations/${idB}`)).statusCode).toBe(404);
    expect(
      (
        await api(
          'PUT',
          `/api/v1/formations/${idB}`,
          formationFixture({ cle_externe: 'B-1', siret: SIRET_B, intitule: 'Pirate' }),
        )
      ).statusCode,
    ).toBe(404);
    const creer = await api(
      'POST',
      '/api/v1/formations',
      formationFixture({ cle_externe: 'A-pour-B', siret: SIRET_B }),
    );
    expect(creer.statusCode).toBe(403);
    expect((await api('POST', `/api/v1/formations/${idB}/publier`)).statusCode).toBe(404);
    // Forged forms of other spaces.
    expect((await navA.post(`/gestion/inscriptions/${SIRET_B.slice(0, 9)}/approuver`, {})).statusCode).toBe(
      403,
    );
    for (const p of ['/gestion', '/instruction', '/admin', '/admin/courriels', '/gestion/inscriptions']) {
      const r = await navA.get(p);
      expect(r.statusCode, p).toBe(403);
      expect(r.body).toContain('Accès refusé');
    }
    const f = await t.ctx.db
      .selectFrom('formation')
      .select(['intitule', 'siren_proprietaire'])
      .where('id', '=', idB)
      .executeTakeFirstOrThrow();
    expect(f).toEqual({ intitule: formationFixture().intitule, siren_proprietaire: SIRET_B.slice(0, 9) });
  });
});

describe('sign-in rate limits', () => {
  /** The journal's `limite_depassee` entries from `ip`, oldest first. */
  const depassements = (ip: string) =>
    t.ctx.db
      .selectFrom('audit_securite')
      .select(['acteur', 'cible', 'details'])
      .where('evenement', '=', 'limite_depassee')
      .where('ip', '=', ip)
      .orderBy('id')
      .execute();

  it('locks an account out of the attacker’s IP only: its owner signs in from his own (OWASP: per account and IP)', async () => {
    // A tester's report (05/12): knowing a gestionnaire's e-mail was enough to lock him out for
    // 15 minutes, again and again, from anywhere; and the lockout was never journaled.
    const u = await compte(t, { email: 'cible@cfa.test', role: 'gestionnaire', region: '52' });
    const attaquant = () => new Navigateur(t.app, '10.8.0.1');
    const essais = [];
    for (let i = 0; i < 4; i++) essais.push(await attaquant().seConnecter(u.email, 'mauvais mot de passe'));
    expect(essais.slice(0, 3).map((r) => r.statusCode)).toEqual([401, 401, 401]);
    const bloque = essais[3]!;
    expect(bloque.statusCode).toBe(429);
    expect(Number(bloque.headers['retry-after'])).toBeGreaterThan(0);
    expect(bloque.headers['content-type']).toMatch(/text\/html/);
    expect(texte(bloque.body)).toContain(
      'Trop de tentatives de connexion à ce compte depuis votre connexion internet',
    );
    // Even the right password waits there: that is what stops guessing.
    expect((await attaquant().seConnecter(u.email, u.motDePasse)).statusCode).toBe(429);
    // The owner, from his own address, is not locked out.
    const proprietaire = await new Navigateur(t.app, '10.8.0.9').seConnecter(u.email, u.motDePasse);
    expect(proprietaire.statusCode).toBe(303);
    expect(proprietaire.headers.location).toBe('/compte/accueil');
    // Every refused attempt is journaled, the right password's too (never the password itself).
    const journal = await depassements('10.8.0.1');
    expect(journal).toEqual(
      [0, 1].map(() => ({
        acteur: null,
        cible: u.email,
        details: { compteur: 'connexion_compte_ip', limite: 3, fenetre_s: 900 },
      })),
    );
    expect(JSON.stringify(journal)).not.toContain(u.motDePasse);
    expect(await depassements('10.8.0.9')).toEqual([]);
  });

  it('a much higher ceiling per account, whatever the IP, stops a guess spread over many addresses', async () => {
    const u = await compte(t, { email: 'repartie@cfa.test', role: 'organisme', siren: '356000000' });
    const codes = [];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++)
        codes.push(
          (await new Navigateur(t.app, `10.8.1.${i + 1}`).seConnecter(u.email, 'devine')).statusCode,
        );
    // Two tries from each of three addresses: under 3 per address, the 6th crosses the ceiling (5).
    expect(codes).toEqual([401, 401, 401, 401, 401, 429]);
    const r = await new Navigateur(t.app, '10.8.1.9').seConnecter(u.email, 'devine');
    expect(r.statusCode).toBe(429);
    expect(texte(r.body)).toContain('Trop de tentatives de connexion à ce compte.');
    expect(await depassements('10.8.1.9')).toEqual([
      { acteur: null, cible: u.email, details: { compteur: 'connexion_compte', limite: 5, fenetre_s: 900 } },
    ]);
  });

  it('limits attempts per IP address whatever the account', async () => {
    const nav = new Navigateur(t.app, '10.7.0.1');
    const codes = [];
    for (let i = 0; i < 7; i++) codes.push((await nav.seConnecter(`personne${i}@cfa.test`, 'x')).statusCode);
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const r = await nav.seConnecter('encore@cfa.test', 'x');
    expect(r.body).toContain('Trop de tentatives depuis votre connexion internet');
    expect(await depassements('10.7.0.1')).toEqual(
      ['personne6@cfa.test', 'encore@cfa.test'].map((cible) => ({
        acteur: null,
        cible,
        details: { compteur: 'connexion_ip', limite: 6, fenetre_s: 900 },
      })),
    );
    // Another address is not affected.
    expect((await new Navigateur(t.app, '10.7.0.2').seConnecter('personne@cfa.test', 'x')).statusCode).toBe(
      401,
    );
    // A flood of refused attempts does not fill the journal: 50 entries per address and window.
    for (let i = 0; i < 55; i++)
      expect((await nav.seConnecter(`flot${i}@cfa.test`, 'x')).statusCode).toBe(429);
    expect(await depassements('10.7.0.1')).toHaveLength(50);
  });

  it('only failures count per IP: an office behind one address signing in all day is never locked out', async () => {
    const u = await compte(t, { email: 'bureau@cfa.test', role: 'organisme', siren: '357000009' });
    const nav = () => new Navigateur(t.app, '10.6.0.1');
    // Twice the IP's limit (6) of good sign-ins, with a failure now and then.
    const codes = [];
    for (let i = 0; i < 12; i++) {
      if (i % 4 === 0) codes.push((await nav().seConnecter(u.email, 'faute de frappe')).statusCode);
      codes.push((await nav().seConnecter(u.email, u.motDePasse)).statusCode);
    }
    expect(codes.filter((c) => c === 429)).toEqual([]);
    expect(codes.filter((c) => c === 401)).toHaveLength(3);
  });
});

describe('sign-up rate limit', () => {
  const inscription = (siren: string, email: string) => ({
    siren,
    raison_sociale: `Structure ${siren}`,
    region: '84',
    sirets: '',
    nom: 'Demandeur',
    email,
    mot_de_passe: 'une phrase de passe assez longue',
    confirmation: 'une phrase de passe assez longue',
  });

  // A fresh user's report (05/12): five forms sent back for typos used up the IP's sign-ups (the
  // limit counted every post) and the corrected one was refused « Trop de tentatives ». Only the
  // sign-ups that pass the form's checks count now: they send e-mail (to the examiners, or to an
  // address that has an account) — what the limit is against.
  it('does not count forms sent back for their input: a person fixing typos is never locked out', async () => {
    const nav = new Navigateur(t.app, '10.9.5.1');
    await nav.get('/inscription');
    const codes = [];
    // Twice the limit (3) of forms with an error, each a different typo.
    for (const faute of [
      { siren: '123' },
      { region: '' },
      { email: 'pas-une-adresse' },
      { confirmation: 'autre' },
      { mot_de_passe: 'court', confirmation: 'court' },
      { raison_sociale: ' ' },
    ])
      codes.push(
        (await nav.post('/inscription', { ...inscription('777000050', 'typo@cfa.test'), ...faute }))
          .statusCode,
      );
    expect(codes).toEqual([400, 400, 400, 400, 400, 400]);
    // The corrected form goes through.
    const ok = await nav.post('/inscription', inscription('777000050', 'typo@cfa.test'));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toContain('Demande enregistrée');
  });

  // A sign-up for a structure that has an account answers as any other (a fresh CFA user's
  // finding, 07/12/2026) and e-mails the structure's users: it counts as any other, so one address
  // cannot flood them.
  it('counts the requests to join a structure that has an account as sign-ups', async () => {
    await compte(t, { email: 'cfa@limite-structure.test', role: 'organisme', siren: '777000100' });
    const nav = new Navigateur(t.app, '10.9.6.1');
    await nav.get('/inscription');
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        (await nav.post('/inscription', inscription('777000100', `rejoindre${i}@cfa.test`))).statusCode,
      );
    expect(codes).toEqual([200, 200, 200, 429]);
  });

  it('limits the accepted sign-ups per IP address, with a French page and Retry-After; reset requests count apart', async () => {
    const nav = new Navigateur(t.app, '10.9.0.1');
    await nav.get('/inscription');
    const codes = [];
    for (const [i, siren] of ['777000068', '777000076', '777000084', '777000092'].entries())
      codes.push((await nav.post('/inscription', inscription(siren, `essai${i}@cfa.test`))).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    // Past the limit, even a form with an error is refused (the counter is checked first).
    const bloque = await nav.post('/inscription', { siren: '123' });
    expect(bloque.statusCode).toBe(429);
    expect(Number(bloque.headers['retry-after'])).toBeGreaterThan(0);
    expect(bloque.headers['content-type']).toMatch(/text\/html/);
    expect(bloque.body).toContain('Trop de tentatives depuis votre connexion internet');
    // Reset requests have their own counter: sign-ups did not use it up, but it has its limit;
    // an empty request (nothing looked up, no e-mail) does not count.
    await nav.get('/mot-de-passe/oublie');
    for (let i = 0; i < 4; i++)
      expect((await nav.post('/mot-de-passe/oublie', { email: '' })).statusCode).toBe(400);
    const oublis = [];
    for (let i = 0; i < 4; i++)
      oublis.push((await nav.post('/mot-de-passe/oublie', { email: `essai${i}@cfa.test` })).statusCode);
    expect(oublis.slice(0, 3).every((c) => c !== 429)).toBe(true);
    expect(oublis[3]).toBe(429);
    // Another address is not affected.
    const autre = new Navigateur(t.app, '10.9.0.2');
    await autre.get('/inscription');
    expect((await autre.post('/inscription', { siren: '123' })).statusCode).toBe(400);
  });
});

describe('outbox without an SMTP server', () => {
  it('keeps e-mails for the administrators, in a page they alone can read', async () => {
    const g = await compte(t, { email: 'g@carif.test', role: 'gestionnaire', region: '84' });
    const nav = new Navigateur(t.app, '10.6.0.1');
    await nav.get('/mot-de-passe/oublie');
    await nav.post('/mot-de-passe/oublie', { email: g.email });
    await t.app.travauxApresReponse(); // the request is handled once the page has answered
    const rows = await t.ctx.db
      .selectFrom('courriel')
      .selectAll()
      .where('destinataire', '=', g.email)
      .execute();
    expect(rows).toMatchObject([{ statut: 'en_attente', modele: 'reinitialisation' }]);
    expect(rows[0]!.texte).toContain('/mot-de-passe/nouveau?jeton=');
    const ng = new Navigateur(t.app, '10.6.0.2');
    await ng.seConnecter(g.email, g.motDePasse);
    expect((await ng.get('/admin/courriels')).statusCode).toBe(403);
    const na = await connecte(t, { email: 'admin@offre.test', role: 'admin' }, '10.6.0.3');
    const page = await na.get('/admin/courriels');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Réinitialisation de votre mot de passe Offre');
    expect(page.body).toContain(g.email);
    // Dates written as on every page (« 4 décembre 2026 à 00:21 »), never « 04/12/2026 00:20 ».
    expect(page.body).toMatch(
      /\d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4} à \d{2}:\d{2}/,
    );
    expect(page.body).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
  });
});
