import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';

// /admin/cles and /api/v1/admin/cles: create (secret once), list with use, revoke → 401 at once,
// expiry; only administrators (a page, a form post and the API tried by others).

let t: TestWeb;
let admin: Navigateur;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const formations = (key: string) => t.app.inject({ url: '/api/v1/formations?limit=1', headers: bearer(key) });

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const a = await compte(t, { email: 'admin@offre.test', role: 'admin', nom: 'Ada Admin' });
  admin = new Navigateur(t.app, '10.1.0.1');
  await admin.seConnecter(a.email, a.motDePasse);
});
afterAll(() => t.close());

describe('/admin/cles', () => {
  it('creates a key shown once, lists it with its use, revokes it: the next call gets 401', async () => {
    expect((await admin.get('/admin/cles')).statusCode).toBe(200);
    const cree = await admin.post('/admin/cles', {
      name: 'SI Parcoursup',
      scope: 'read',
      siren: '',
      expire: '',
    });
    expect(cree.statusCode).toBe(201);
    const key = /<code id="cle-secrete">(offre_[A-Za-z0-9_-]+)<\/code>/.exec(cree.body)?.[1];
    expect(key).toBeDefined();
    expect((await formations(key!)).statusCode).toBe(200);
    const liste = await admin.get('/admin/cles');
    expect(liste.body).not.toContain(key!); // never shown again
    expect(liste.body).toContain('SI Parcoursup');
    expect(liste.body).toContain('par admin@offre.test');
    expect(liste.body).not.toContain('utilisateur:admin@offre.test');
    // Days in full (« 4 décembre 2026 par … »), never « 04/12/2026 ».
    expect(liste.body).toMatch(/<td>(1er|\d\d?) [a-zéû]+ 20\d\d par admin@offre\.test<\/td>/);
    expect(liste.body).not.toMatch(/\d\d\/\d\d\/\d{4}/);
    // Numbers as French writes them: « 1 000 000 (défaut) », never « 1000000 ».
    expect(texte(liste.body)).toMatch(/lectures : \d{1,3}(\s\d{3})+ \(défaut\)/);
    // The list links to a confirmation page; its form posts the revocation.
    const id = /href="\/admin\/cles\/([^/"]+)\/revoquer"/.exec(liste.body)![1]!;
    const confirmation = await admin.get(`/admin/cles/${id}/revoquer`);
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('Révoquer la clé « SI Parcoursup » ?');
    expect(confirmation.body).toContain('reçoit une erreur 401');
    expect(confirmation.body).toContain(`action="/admin/cles/${id}/revoquer"`);
    const r = await admin.post(`/admin/cles/${id}/revoquer`, {});
    expect(r.statusCode).toBe(303);
    expect((await admin.get(r.headers.location as string)).body).toContain(
      'révoquée : elle reçoit désormais 401',
    );
    const refus = await formations(key!);
    expect(refus.statusCode).toBe(401);
    expect(refus.json()).toMatchObject({ code: 'CLE_INVALIDE' });
    // The revocation is history, with its person.
    const h = await t.ctx.db.selectFrom('historique').selectAll().where('entite_id', '=', id).execute();
    expect(h.map((x) => [x.action, x.acteur])).toEqual([
      ['creation', 'utilisateur:admin@offre.test'],
      ['revocation', 'utilisateur:admin@offre.test'],
    ]);
  });

  it('a GET never revokes: the confirmation page only asks, a post without its CSRF token is refused', async () => {
    const k = await createApiKey(t.ctx, { name: 'Prudence', scope: 'read' });
    for (let i = 0; i < 2; i++) {
      const page = await admin.get(`/admin/cles/${k.id}/revoquer`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Révoquer la clé « Prudence » ?');
      expect(page.body).toContain('name="_csrf"');
    }
    // A link followed from elsewhere (prefetch, crawler, mail client) changes nothing.
    expect((await t.app.inject({ url: `/admin/cles/${k.id}/revoquer` })).statusCode).not.toBe(200);
    expect((await formations(k.key)).statusCode).toBe(200);
    const sansJeton = await admin.post(`/admin/cles/${k.id}/revoquer`, {}, { csrf: null });
    expect(sansJeton.statusCode).toBe(403);
    expect((await formations(k.key)).statusCode).toBe(200);
    const row = await t.ctx.db
      .selectFrom('api_key')
      .select('revoked_at')
      .where('id', '=', k.id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
    // Once revoked, the same address says so and offers no form.
    await admin.get(`/admin/cles/${k.id}/revoquer`);
    expect((await admin.post(`/admin/cles/${k.id}/revoquer`, {})).statusCode).toBe(303);
    const apres = await admin.get(`/admin/cles/${k.id}/revoquer`);
    expect(apres.body).toContain('déjà révoquée');
    expect(apres.body).not.toContain(`action="/admin/cles/${k.id}/revoquer"`);
    expect((await admin.get('/admin/cles/inconnue/revoquer')).statusCode).toBe(404);
  });

  it('says what is wrong with the form, field by field', async () => {
    await admin.get('/admin/cles');
    const r = await admin.post('/admin/cles', { name: '', scope: 'write', siren: '', expire: '31/02/2027' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#name"');
    // « Libellé : problème. » (README), as every form says its errors.
    expect(r.body).toContain('Nom : donnez un nom à la clé, par exemple le système qui l’utilisera.');
    const r2 = await admin.post('/admin/cles', { name: 'x', scope: 'write', siren: '', expire: '' });
    expect(r2.body).toContain('href="#siren"');
    // A form names its fields, never the CLI's options.
    expect(r.body + r2.body).not.toMatch(/--(name|siren|scope)/);
    expect(r2.body).toContain('choisissez la portée « admin »');
    const r3 = await admin.post('/admin/cles', { name: 'x', scope: 'read', siren: '', expire: '2020-01-01' });
    expect(r3.body).toContain('href="#expire"');
    expect(r3.body).toContain('Dernier jour de validité : « 2020-01-01 » est déjà passé.');
    const r5 = await admin.post('/admin/cles', { name: 'y', scope: 'read', siren: '130025265', expire: '' });
    expect(r5.body).toContain('SIREN de l’organisme : seule une clé « write » se lie à un SIREN.');
    // A SIREN that passes Luhn but names nobody: refused under its field, nothing stored.
    const r4 = await admin.post('/admin/cles', {
      name: 'fantome',
      scope: 'write',
      siren: '000000018',
      expire: '',
    });
    expect(r4.statusCode).toBe(400);
    expect(r4.body).toContain('href="#siren"');
    expect(r4.body).toContain('SIREN de l’organisme : SIREN « 000000018 » inconnu');
    expect(await t.ctx.db.selectFrom('api_key').select('id').where('name', '=', 'fantome').execute()).toEqual(
      [],
    );
  });

  // A fresh user's report (02/12): a 3 000-character name was accepted, « 130 025 265 » refused.
  it('caps the name at 200 characters on the form and the API; takes a SIREN typed with spaces', async () => {
    await compte(t, { email: 'cfa@volcans.test', role: 'organisme', siren: '130025265' });
    await admin.get('/admin/cles');
    const long = 'n'.repeat(3000);
    const r = await admin.post('/admin/cles', { name: long, scope: 'read', siren: '', expire: '' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#name"');
    expect(r.body).toMatch(
      /Nom : le nom de la clé ne doit pas dépasser 200 caractères ; reçu : 3\s000 caractères\./,
    );
    expect(r.body).toContain('200 caractères au plus');
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/cles',
      headers: bearer((await createApiKey(t.ctx, { name: 'script admin 2', scope: 'admin' })).key),
      payload: { name: long, scope: 'read' },
    });
    expect(api.statusCode).toBe(400);
    expect(api.json().erreurs).toEqual([expect.objectContaining({ champ: 'name' })]);
    expect(api.json().detail).toContain('ne doit pas dépasser 200 caractères');
    expect(await t.ctx.db.selectFrom('api_key').select('id').where('name', '=', long).execute()).toEqual([]);

    const cree = await admin.post('/admin/cles', {
      name: 'n'.repeat(200),
      scope: 'write',
      siren: ' 130 025 265 ',
      expire: '',
    });
    expect(cree.statusCode).toBe(201);
    const row = await t.ctx.db
      .selectFrom('api_key')
      .select('siren')
      .where('name', '=', 'n'.repeat(200))
      .executeTakeFirstOrThrow();
    expect(row.siren).toBe('130025265');
  });

  it('refuses a key past its expiry date', async () => {
    let now = new Date('2026-06-30T12:00:00Z');
    const ctx = { ...t.ctx, now: () => now };
    const k = await createApiKey(ctx, { name: 'temporaire', scope: 'read', expire: '2026-06-30' });
    expect(k.expires_at).toBe('2026-07-01T00:00:00.000Z');
    const { authenticateApiKey } = await import('../../src/services/apikey.service.ts');
    expect(await authenticateApiKey(t.ctx.db, k.key, now)).not.toBeNull();
    now = new Date('2026-07-01T00:00:00Z');
    expect(await authenticateApiKey(t.ctx.db, k.key, now)).toBeNull();
  });

  it('is for administrators only: page, form posts and API', async () => {
    const k = await createApiKey(t.ctx, { name: 'cible', scope: 'read' });
    const org = await compte(t, { email: 'org@cfa.test', role: 'organisme', siren: '130025265' });
    const g = await compte(t, { email: 'g@carif.test', role: 'gestionnaire', region: '84' });
    for (const [u, ip] of [
      [org, '10.1.0.2'],
      [g, '10.1.0.3'],
    ] as const) {
      const nav = new Navigateur(t.app, ip);
      await nav.seConnecter(u.email, u.motDePasse);
      await nav.get('/compte'); // a page of its own, for a CSRF token
      expect((await nav.get('/admin/cles')).statusCode).toBe(403);
      expect((await nav.get('/admin')).statusCode).toBe(403);
      expect((await nav.post('/admin/cles', { name: 'pirate', scope: 'admin' })).statusCode).toBe(403);
      expect((await nav.get(`/admin/cles/${k.id}/revoquer`)).statusCode).toBe(403);
      expect((await nav.post(`/admin/cles/${k.id}/revoquer`, {})).statusCode).toBe(403);
    }
    expect((await formations(k.key)).statusCode).toBe(200); // still active
    const lecture = await createApiKey(t.ctx, { name: 'lecture', scope: 'read' });
    expect((await t.app.inject({ url: '/api/v1/admin/cles', headers: bearer(lecture.key) })).statusCode).toBe(
      403,
    );
    expect((await t.app.inject({ url: '/api/v1/admin/cles' })).statusCode).toBe(401);
  });

  it('the admin API lists, creates and revokes', async () => {
    const adm = await createApiKey(t.ctx, { name: 'script admin', scope: 'admin' });
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/cles',
      headers: bearer(adm.key),
      payload: { name: 'partenaire', scope: 'read', expire: '2099-12-31' },
    });
    expect(cree.statusCode).toBe(201);
    const { id, key, expires_at } = cree.json();
    expect(expires_at).toBe('2100-01-01T00:00:00.000Z');
    // Calls are counted in memory and written every 2 s (test/api/apikey.test.ts); here, two days of use.
    const { addApiUsage } = await import('../../src/db/apikey.repository.ts');
    const today = new Date().toISOString().slice(0, 10);
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10);
    await addApiUsage(t.ctx.db, [
      { api_key_id: id, jour: today, appels: 7 },
      { api_key_id: id, jour: old, appels: 5 },
    ]);
    const liste = await t.app.inject({ url: '/api/v1/admin/cles', headers: bearer(adm.key) });
    expect(liste.statusCode).toBe(200);
    const c = liste.json().data.find((x: { id: string }) => x.id === id);
    expect(c).toMatchObject({
      name: 'partenaire',
      etat: 'active',
      created_by: 'cle:script admin',
      dernier_usage: today,
      appels_par_jour: [{ jour: today, appels: 7 }], // 40 days ago is outside the 30 days
      appels_30_jours: 7,
    });
    expect(JSON.stringify(liste.json())).not.toContain(key);
    // The page names the day typed as the last valid day, as the CLI does.
    const page = await admin.get('/admin/cles');
    expect(page.body).toContain('Valable jusqu’au');
    expect(page.body).toContain('31 décembre 2099');
    expect(page.body).not.toContain('1er janvier 2100');
    // The new key works (called after the listing: its count, written 2 s later, would race the
    // listing's on a slow machine).
    expect((await formations(key)).statusCode).toBe(200);
    const rev = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/cles/${id}/revocation`,
      headers: bearer(adm.key),
    });
    expect(rev.statusCode).toBe(200);
    expect((await formations(key)).statusCode).toBe(401);
    // The revocation is history with who made it, through the API too.
    const apres = await t.app.inject({ url: '/api/v1/admin/cles', headers: bearer(adm.key) });
    expect(apres.json().data.find((c: { id: string }) => c.id === id)).toMatchObject({
      etat: 'revoquee',
      revoked_by: 'cle:script admin',
    });
    const encore = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/cles/${id}/revocation`,
      headers: bearer(adm.key),
    });
    expect(encore.statusCode).toBe(409);
    expect(encore.json()).toMatchObject({ code: 'CLE_DEJA_REVOQUEE' });
    const inconnue = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/cles/nulle-part/revocation',
      headers: bearer(adm.key),
    });
    expect(inconnue.statusCode).toBe(404);
  });
});

// The CLI opens its own embedded database: once, on the PGlite run.
it.skipIf(TEST_ENGINE === 'postgres')(
  'offre apikey list / revoke, in French (errors: through the same service in the API test above)',
  async () => {
    const dir = await testDataDir('offre-cles-');
    const run = (...args: string[]) => runCli(args, { OFFRE_DATA_DIR: dir, DATABASE_URL: '' });
    try {
      const trop = await run('apikey', 'add', '--name', 'n'.repeat(201));
      expect(trop.code).not.toBe(0);
      expect(trop.stderr).toMatch(
        /Le nom de la clé \(--name\) ne doit pas dépasser 200 caractères ; reçu : 201 caractères\. \[CLE_NOM\]/,
      );
      const a = await run('apikey', 'add', '--name', 'Parcoursup', '--expire', '2099-06-30');
      expect(a.code, a.stderr).toBe(0);
      // Dates in full in the CLI's text (ISO stays in --json).
      // The day typed is the last valid day, as on /admin/cles (never « 1er juillet … à 0 h UTC »).
      expect(a.stderr).toContain('valable jusqu’au 30 juin 2099 inclus');
      const l = await run('apikey', 'list');
      expect(l.stdout).toMatch(
        /identifiant +nom +portée +SIREN +créée le +valable jusqu’au +état +dernier usage +appels \(30 j\)/,
      );
      expect(l.stdout).toMatch(
        /Parcoursup +read +– +(1er|\d\d?) [a-zéû]+ 20\d\d +30 juin 2099 +active +jamais +0/,
      );
      expect(l.stdout).not.toMatch(/\d{4}-\d\d-\d\d|\d\d\/\d\d\/\d{4}/);
      const r = await run('apikey', 'revoke', 'Parcoursup');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Clé « Parcoursup » \(cle_[^)]+\) révoquée/);
      const json = JSON.parse((await run('apikey', 'list', '--json')).stdout);
      expect(json[0]).toMatchObject({ name: 'Parcoursup', etat: 'revoquee', revoked_by: 'systeme:cli' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);
