import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { versionDe } from './espace.helpers.ts';

// A key's partner profiles, set at creation and changed afterwards, from the three doors that share
// one service (apikey.service.ts updateProfilsApiKey): /admin/cles (no JavaScript, CSRF), PUT
// /api/v1/admin/cles/:id/profils and `offre apikey profils`; each change in history and audit.

let t: TestWeb;
let admin: Navigateur;
let cleAdmin: string;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  admin = await connecte(t, { email: 'admin@offre.test', role: 'admin', nom: 'Ada Admin' }, '10.1.0.2');
  cleAdmin = (await createApiKey(t.ctx, { name: 'outil admin', scope: 'admin' })).key;
});
afterAll(() => t.close());

const profilsDe = async (id: string) =>
  (await t.ctx.db.selectFrom('api_key').select('profils').where('id', '=', id).executeTakeFirstOrThrow())
    .profils;
const audit = (id: string) =>
  t.ctx.db
    .selectFrom('audit_securite')
    .select(['evenement', 'acteur'])
    .where('cible', '=', id)
    .orderBy('at')
    .execute();

describe('/admin/cles: partner profiles', () => {
  it('creates a read key with two profiles ticked', async () => {
    const form = await admin.get('/admin/cles');
    expect(form.body).toContain('name="profils" value="missions-locales"');
    const r = await admin.post('/admin/cles', {
      name: 'Missions locales',
      scope: 'read',
      siren: '',
      expire: '',
      profils: ['missions-locales', 'france-travail'],
    });
    expect(r.statusCode, r.body).toBe(201);
    const { id } = await t.ctx.db
      .selectFrom('api_key')
      .select('id')
      .where('name', '=', 'Missions locales')
      .executeTakeFirstOrThrow();
    expect(await profilsDe(id)).toEqual(['missions-locales', 'france-travail']);
    expect(r.body).toContain('profils : missions-locales, france-travail');
  });

  it('changes them on the key’s own page, audited; refuses them on a write key, field named', async () => {
    const k = await createApiKey(t.ctx, { name: 'Prescripteurs', scope: 'read' });
    const page = await admin.get(`/admin/cles/${k.id}/profils`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/admin/cles/${k.id}/profils"`);
    expect(page.body).toContain('name="_csrf"');
    const r = await admin.post(`/admin/cles/${k.id}/profils`, {
      profils: 'formations-collectives',
      version: versionDe(page.body),
    });
    expect(r.statusCode).toBe(303);
    expect((await admin.get(r.headers.location as string)).body).toContain(
      'Profils partenaires de la clé « Prescripteurs » enregistrés : formations-collectives.',
    );
    expect(await profilsDe(k.id)).toEqual(['formations-collectives']);
    // None ticked: no profile left.
    const vide = versionDe((await admin.get(`/admin/cles/${k.id}/profils`)).body);
    expect((await admin.post(`/admin/cles/${k.id}/profils`, { version: vide })).statusCode).toBe(303);
    expect(await profilsDe(k.id)).toEqual([]);
    const h = await t.ctx.db
      .selectFrom('historique')
      .select(['action', 'acteur'])
      .where('entite_id', '=', k.id)
      .orderBy('at')
      .execute();
    expect(h.filter((x) => x.action === 'profils')).toHaveLength(2);
    expect(await audit(k.id)).toContainEqual({
      evenement: 'cle_profils',
      acteur: 'utilisateur:admin@offre.test',
    });

    const w = await createApiKey(t.ctx, { name: 'Écrivain', scope: 'admin' });
    const vw = versionDe((await admin.get(`/admin/cles/${w.id}/profils`)).body);
    const refus = await admin.post(`/admin/cles/${w.id}/profils`, {
      profils: 'missions-locales',
      version: vw,
    });
    expect(refus.statusCode).toBe(400);
    expect(refus.body).toContain('href="#profils"');
    expect(refus.body).toContain(
      'Profils partenaires : seule une clé « read » se lie à des profils partenaires',
    );
  });

  it('a post without its CSRF token changes nothing (403)', async () => {
    const k = await createApiKey(t.ctx, { name: 'Sans jeton', scope: 'read' });
    await admin.get(`/admin/cles/${k.id}/profils`);
    const r = await admin.post(
      `/admin/cles/${k.id}/profils`,
      { profils: 'missions-locales' },
      { csrf: null },
    );
    expect(r.statusCode).toBe(403);
    expect(await profilsDe(k.id)).toEqual([]);
  });
});

describe('PUT /api/v1/admin/cles/:id/profils', () => {
  it('replaces the profiles, refuses an unknown one in French, and is for admin keys only', async () => {
    const k = await createApiKey(t.ctx, { name: 'SI partenaire', scope: 'read' });
    const put = (key: string, profils: unknown) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/admin/cles/${k.id}/profils`,
        headers: { authorization: `Bearer ${key}` },
        payload: { profils },
      });
    const ok = await put(cleAdmin, ['missions-locales']);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({
      id: k.id,
      name: 'SI partenaire',
      profils: ['missions-locales'],
      version: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const inconnu = await put(cleAdmin, ['inconnu']);
    expect(inconnu.statusCode).toBe(400);
    expect(inconnu.json()).toMatchObject({ code: 'CLE_PROFIL' });
    expect(inconnu.json().detail).toContain('Profil partenaire « inconnu » inconnu');
    expect((await put(k.key, [])).statusCode).toBe(403);
    expect(await profilsDe(k.id)).toEqual(['missions-locales']);
    expect(await audit(k.id)).toContainEqual({
      evenement: 'cle_profils',
      acteur: expect.stringContaining('cle:'),
    });
  });
});

// A review of the If-Match work (05/12): PUT /api/v1/admin/cles/{id}/profils had no If-Match and
// the key's page no version: two administrators (or a script and a person) saving a key's profiles
// one after the other, the second silently replaced the first's. Now: GET /api/v1/admin/cles/{id}
// gives the key with its ETag (the version of its profiles), the PUT takes it in If-Match (412 with
// the other routes' text when stale), and the page's form carries it (409, the shared conflict alert).
describe('the version of a key’s profiles', () => {
  const api = (method: 'GET' | 'PUT', id: string, headers: Record<string, string> = {}, profils?: string[]) =>
    t.app.inject({
      method,
      url: `/api/v1/admin/cles/${id}${method === 'PUT' ? '/profils' : ''}`,
      headers: { authorization: `Bearer ${cleAdmin}`, ...headers },
      ...(profils ? { payload: { profils } } : {}),
    });

  it('API: GET gives the key and its ETag; a stale If-Match is refused (412), the current one passes', async () => {
    const k = await createApiKey(t.ctx, {
      name: 'SI versionné',
      scope: 'read',
      profils: ['missions-locales'],
    });
    const lu = await api('GET', k.id);
    expect(lu.statusCode, lu.body).toBe(200);
    expect(lu.json()).toMatchObject({ id: k.id, name: 'SI versionné', profils: ['missions-locales'] });
    const v1 = lu.json().version as string;
    expect(lu.headers.etag).toBe(`"${v1}"`);
    // The ETag is the profiles' version only: the key's usage moves without it, so a client sending
    // it back in If-None-Match gets the whole answer again, never a 304 on a stale body.
    const relu = await api('GET', k.id, { 'if-none-match': `"${v1}"` });
    expect(relu.statusCode).toBe(200);
    expect(relu.json()).toMatchObject({ id: k.id, version: v1 });
    expect((await api('GET', 'cle_inconnue')).json()).toMatchObject({ code: 'CLE_INTROUVABLE' });

    // Someone else saves meanwhile (without If-Match: as before, last writer wins).
    const autre = await api('PUT', k.id, {}, ['france-travail']);
    expect(autre.statusCode, autre.body).toBe(200);
    const v2 = autre.json().version as string;
    expect(autre.headers.etag).toBe(`"${v2}"`);
    expect(v2).not.toBe(v1);

    const perime = await api('PUT', k.id, { 'if-match': `"${v1}"` }, ['formations-collectives']);
    expect(perime.statusCode, perime.body).toBe(412);
    expect(perime.json()).toMatchObject({
      code: 'PRECONDITION_ECHOUEE',
      etag_actuel: `"${v2}"`,
      version_actuelle: v2,
    });
    expect(perime.json().detail).toBe(
      `La version "${v1}" envoyée dans If-Match n’est plus la version courante "${v2}" de la clé d’API « SI versionné » (${k.id}) : ses profils partenaires ont été modifiés depuis votre lecture ; rien n’a été enregistré. Relisez-la (GET /api/v1/admin/cles/${k.id}), reportez-y votre modification, puis renvoyez-la avec le nouvel ETag.`,
    );
    expect(await profilsDe(k.id)).toEqual(['france-travail']);

    const ok = await api('PUT', k.id, { 'if-match': String((await api('GET', k.id)).headers.etag) }, [
      'formations-collectives',
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(await profilsDe(k.id)).toEqual(['formations-collectives']);
    expect(ok.headers.etag).toBe((await api('GET', k.id)).headers.etag);
  });

  it('page: a save over a change made since is refused (409), the shared alert; without version, 400', async () => {
    const k = await createApiKey(t.ctx, { name: 'Page versionnée', scope: 'read' });
    const url = `/admin/cles/${k.id}/profils`;
    const page = await admin.get(url);
    const v1 = versionDe(page.body);
    expect(v1).toMatch(/^[0-9a-f]{16}$/);
    expect((await api('PUT', k.id, {}, ['france-travail'])).statusCode).toBe(200);

    const r = await admin.post(url, { profils: 'missions-locales', version: v1 });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(409);
    expect(r.body).toContain('Les profils de cette clé ont changé pendant votre saisie');
    expect(r.body).toContain(
      'Les profils partenaires de la clé « Page versionnée » ont été modifiés depuis l’ouverture de la page (ils sont maintenant : france-travail) : rien n’a été enregistré',
    );
    expect(await profilsDe(k.id)).toEqual(['france-travail']);
    // The page shown again carries the current version: saving it again goes through.
    const v2 = versionDe(r.body);
    expect(v2).not.toBe(v1);
    const encore = await admin.post(url, { profils: 'missions-locales', version: v2 });
    expect(encore.statusCode).toBe(303);
    expect(await profilsDe(k.id)).toEqual(['missions-locales']);

    await admin.get(url);
    const sans = await admin.post(url, { profils: 'france-travail' });
    expect(sans.statusCode).toBe(400);
    expect(sans.body).toContain('Formulaire incomplet');
    expect(await profilsDe(k.id)).toEqual(['missions-locales']);
  });
});

// The CLI opens its own embedded database: once, on the PGlite run.
it.skipIf(TEST_ENGINE === 'postgres')(
  'offre apikey profils, in French',
  async () => {
    const dir = await testDataDir('offre-cles-profils-');
    const run = (...args: string[]) => runCli(args, { OFFRE_DATA_DIR: dir, DATABASE_URL: '' });
    try {
      expect((await run('apikey', 'add', '--name', 'ML', '--profils', 'missions-locales')).code).toBe(0);
      const r = await run('apikey', 'profils', 'ML', '--profils', 'france-travail,missions-locales');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Clé « ML » \(cle_[^)]+\) : profils france-travail, missions-locales\./);
      const vide = await run('apikey', 'profils', 'ML');
      expect(vide.stdout).toContain('aucun profil partenaire');
      const faux = await run('apikey', 'profils', 'ML', '--profils', 'inconnu');
      expect(faux.code).not.toBe(0);
      expect(faux.stderr).toContain('Profil partenaire « inconnu » inconnu');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);
