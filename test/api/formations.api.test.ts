import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormationPageSchema } from '../../src/contract/index.ts';
import { FormationSchema } from '../../src/domain/formation.schema.ts';
import {
  bearer,
  formationFixture,
  SIRET_A,
  SIRET_B,
  setCatalogue,
  type TestApi,
  testApi,
} from './helpers.ts';

let t: TestApi;
let draftId: string;
let diffuseeId: string;
beforeAll(async () => {
  t = await testApi();
  const post = (cle: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: cle }),
    });
  draftId = (await post('API-DRAFT')).json().id;
  diffuseeId = (await post('API-DIFF')).json().id;
  const step = (id: string, s: string, key: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/formations/${id}/${s}`, headers: bearer(key) });
  expect((await step(diffuseeId, 'publier', t.keys.writeA)).statusCode).toBe(200);
  expect((await step(diffuseeId, 'valider', t.keys.writeA)).statusCode).toBe(403);
  expect((await step(diffuseeId, 'valider', t.keys.admin)).json()).toEqual({
    id: diffuseeId,
    statut: 'publiee',
    revision: false,
  });
  await setCatalogue(t.ctx, diffuseeId, 'general');
});
afterAll(() => t.close());

const ids = (body: { data: { id: string }[] }) => body.data.map((f) => f.id).sort();
const get = (url: string, key?: string) =>
  t.app.inject({ method: 'GET', url, headers: key ? bearer(key) : {} });

describe('visibility per caller', () => {
  it('shows the public and read keys only diffused offers; a write key its own SIREN’s too; admin everything', async () => {
    expect(ids((await get('/api/v1/formations')).json())).toEqual([diffuseeId]);
    expect(ids((await get('/api/v1/formations', t.keys.read)).json())).toEqual([diffuseeId]);
    expect(ids((await get('/api/v1/formations', t.keys.writeB)).json())).toEqual([diffuseeId]);
    expect(ids((await get('/api/v1/formations', t.keys.writeA)).json())).toEqual(
      [draftId, diffuseeId].sort(),
    );
    expect(ids((await get('/api/v1/formations?statut=brouillon', t.keys.admin)).json())).toEqual([draftId]);
    expect(
      ids((await get('/api/v1/formations?catalogue=general&statut=publiee', t.keys.admin)).json()),
    ).toEqual([diffuseeId]);
    const hidden = await get(`/api/v1/formations/${draftId}`, t.keys.writeB);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.headers['content-type']).toContain('application/problem+json');
    expect(hidden.json()).toMatchObject({ status: 404, code: 'INTROUVABLE' });
    expect((await get(`/api/v1/formations/${draftId}`, t.keys.writeA)).json()).toMatchObject({
      id: draftId,
      statut: 'brouillon',
    });
    // These routes skip Zod on output for speed: their bodies must still match the contract exactly.
    const page = (await get('/api/v1/formations', t.keys.admin)).json();
    expect(FormationPageSchema.strict().parse(page)).toEqual(page);
    const one = (await get(`/api/v1/formations/${diffuseeId}`)).json();
    expect(FormationSchema.parse(one)).toEqual(one);
  });

  it('filters and pages with an opaque cursor', async () => {
    const filtered = async (q: string) => ids((await get(`/api/v1/formations?${q}`, t.keys.admin)).json());
    expect(
      await filtered('region=84&departement=69&code_insee=69381&rncp=rncp38368&cfd=32031213'),
    ).toHaveLength(2);
    expect(await filtered(`siret=${SIRET_A}&uai=0693446w&q=management%20COMMERCIAL`)).toHaveLength(2);
    expect(await filtered('q=operationnel')).toHaveLength(2); // accents ignored
    expect(await filtered('rentree=2026')).toHaveLength(2);
    expect(await filtered('rentree=2027')).toEqual([]);
    const lyon = formationFixture({ cle_externe: 'GEO', siret: SIRET_B });
    lyon.sessions[0]!.lieu = { ...lyon.sessions[0]!.lieu, lat: 45.764, lon: 4.8357 };
    const geoId = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        headers: bearer(t.keys.admin),
        payload: lyon,
      })
    ).json().id;
    expect(await filtered('lat=45.75&lon=4.85&rayon_km=5')).toEqual([geoId]);
    expect(await filtered('lat=48.85&lon=2.35&rayon_km=50')).toEqual([]);
    // The first parameter missing is named: lon (rayon_km is missing too, the message says so).
    expect((await get('/api/v1/formations?lat=45.75', t.keys.admin)).json()).toMatchObject({
      status: 400,
      erreurs: [{ champ: 'lon' }],
    });
    expect(await filtered('region=11')).toEqual([]);
    const p1 = (await get(`/api/v1/formations?limit=1&siret=${SIRET_A}`, t.keys.admin)).json();
    expect(p1.data).toHaveLength(1);
    const p2 = (
      await get(`/api/v1/formations?limit=1&siret=${SIRET_A}&cursor=${p1.next_cursor}`, t.keys.admin)
    ).json();
    expect(p2.next_cursor).toBeNull();
    expect([p1.data[0].id, p2.data[0].id]).toEqual([draftId, diffuseeId].sort());
    expect((await get('/api/v1/formations?cursor=%%%', t.keys.admin)).json()).toMatchObject({
      code: 'CURSEUR_INVALIDE',
    });
  });
});

describe('writes', () => {
  it('refuses what cannot be stored with a problem listing every field', async () => {
    const payload = {
      intitule: 5,
      modalites: { duree_annees: 'deux' },
      sessions: [{ etat_recrutement: 'peut-etre', debut: '01/09/2026' }],
      contacts: [{ type: 'directeur' }],
    };
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload,
    });
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p).toMatchObject({ status: 400, code: 'REQUETE_INVALIDE' });
    expect(p.erreurs.map((e: { champ: string }) => e.champ).sort()).toEqual(
      [
        'contacts.0.type',
        'intitule',
        'modalites.duree_annees',
        'sessions.0.debut',
        'sessions.0.etat_recrutement',
      ].sort(),
    );
    const notJson = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'application/json' },
      payload: '{"intitule":',
    });
    expect(notJson.json()).toMatchObject({ status: 400, code: 'JSON_INVALIDE' });
  });

  it('explains a bad query parameter in plain French, naming it', async () => {
    const limit = /^Le paramètre limit doit être un nombre entier entre 1 et 1 000 ; reçu : .+\.$/;
    for (const [url, attendu] of [
      ['/api/v1/formations?limit=100000', limit],
      ['/api/v1/formations?limit=abc', limit],
      ['/api/v1/formations?limit=0', limit],
      ['/api/v1/formations?limit=2.5', limit],
      ['/api/v1/formations?niveau=9', /^Le paramètre niveau doit valoir l’une des valeurs « /],
    ] as const) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(400);
      const p = r.json() as { erreurs: { message: string }[] };
      expect(p.erreurs.length).toBeGreaterThan(0);
      for (const e of p.erreurs) expect(e.message).toMatch(attendu);
    }
  });

  it('needs a write key: 401 without, 401 for an unknown key, 403 for a read key', async () => {
    const post = (headers: Record<string, string>) =>
      t.app.inject({ method: 'POST', url: '/api/v1/formations', headers, payload: formationFixture() });
    expect((await post({})).json()).toMatchObject({ status: 401, code: 'NON_AUTHENTIFIE' });
    expect((await post(bearer('offre_inconnue'))).json()).toMatchObject({
      status: 401,
      code: 'CLE_INVALIDE',
    });
    expect((await post(bearer(t.keys.read))).json()).toMatchObject({ status: 403, code: 'ACCES_REFUSE' });
    expect((await post(bearer(t.keys.writeB))).json()).toMatchObject({ status: 403, code: 'ACCES_REFUSE' });
  });

  it('is idempotent by cle_externe, adds sessions by their own key, and refuses to re-date a diffused one', async () => {
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'API-DRAFT' }),
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: draftId, created: false, changed: false });
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${draftId}`,
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'API-DRAFT' }),
    });
    expect(put.json()).toMatchObject({ id: draftId, changed: false });

    const session = {
      cle_externe: 'S2027',
      debut: '2027-09-01',
      fin: '2029-06-30',
      lieu: { code_postal: '69002', code_insee: '69382' },
    };
    const add = (id: string, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/formations/${id}/sessions`,
        headers: bearer(t.keys.admin),
        payload: body,
      });
    const s1 = await add(draftId, session);
    expect(s1.statusCode).toBe(201);
    const s2 = await add(draftId, { ...session, capacite: 12 });
    expect(s2.statusCode).toBe(200);
    expect(s2.json().session_id).toBe(s1.json().session_id);
    const diffused = (await get(`/api/v1/formations/${diffuseeId}`)).json().sessions[0];
    const redate = await add(diffuseeId, { ...diffused, debut: '2026-10-05' });
    expect(redate.statusCode).toBe(422);
    expect(redate.json()).toMatchObject({
      code: 'SESSION_REDATEE',
      champ: 'sessions.0.debut',
      session_id: diffused.id,
    });
    expect(redate.json().detail).toContain('créez une nouvelle session');
  });

  it('adds no copy of a keyless session sent again (no SESSION_EN_DOUBLE in the API); another key adds one', async () => {
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'API-DUP' }),
    });
    const id = cree.json().id as string;
    const add = (body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/formations/${id}/sessions`,
        headers: bearer(t.keys.writeA),
        payload: body,
      });
    const sansCle = {
      debut: '2027-10-04',
      fin: '2029-06-30',
      lieu: { code_postal: '69002', code_insee: '69382' },
    };
    const k1 = await add(sansCle);
    expect(k1.statusCode).toBe(201);
    const k2 = await add({ ...sansCle, capacite: 8 });
    expect([k2.statusCode, k2.json().session_id]).toEqual([200, k1.json().session_id]);
    const k3 = await add({ ...sansCle, cle_externe: 'S2027-BIS' });
    expect(k3.statusCode).toBe(201);
    expect(k3.json().session_id).not.toBe(k1.json().session_id);
  });

  it('keeps the history, with identities for authenticated readers only', async () => {
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${draftId}`,
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'API-DRAFT', url: 'https://cfa.example/bts' }),
    });
    const h = (await get(`/api/v1/formations/${draftId}/historique`, t.keys.writeA)).json();
    expect(h.at(-1)).toMatchObject({ action: 'update', acteur: 'cle:test-write-130025265' });
    // The full update also dropped the never-diffused session S2027 added above.
    expect(h.at(-1).diff.map((d: { champ: string }) => d.champ)).toEqual([
      expect.stringMatching(/^sessions\[se_/),
      'url',
    ]);
    expect(h.at(-1).diff[1]).toEqual({ champ: 'url', avant: null, apres: 'https://cfa.example/bts' });
    const pub = (await get(`/api/v1/formations/${diffuseeId}/historique`)).json();
    expect(pub.map((e: { acteur: string }) => e.acteur)).toEqual(['cle', 'cle', 'cle']);
  });
});

describe('revision by API', () => {
  it('stores an edit of a published formation as a revision shown to the gestionnaire as a diff', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${diffuseeId}`,
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'API-DIFF', intitule: 'BTS MCO révisé' }),
    });
    expect(put.json()).toMatchObject({
      changed: true,
      revision: true,
      formation: { intitule: 'BTS Management commercial opérationnel', revision_en_attente: true },
    });
    const rev = (await get(`/api/v1/formations/${diffuseeId}/revision`, t.keys.admin)).json();
    expect(rev).toMatchObject({ statut: 'en_attente_validation', created_by: 'cle:test-write-130025265' });
    expect(rev.diff).toEqual([
      { champ: 'intitule', avant: 'BTS Management commercial opérationnel', apres: 'BTS MCO révisé' },
    ]);
    expect((await get(`/api/v1/formations/${diffuseeId}/revision`, t.keys.writeB)).statusCode).toBe(403);
    const publicHistory = (await get(`/api/v1/formations/${diffuseeId}/historique`)).json();
    expect(publicHistory.some((e: { entite: string }) => e.entite === 'revision')).toBe(false);
    const ownerHistory = (await get(`/api/v1/formations/${diffuseeId}/historique`, t.keys.writeA)).json();
    expect(ownerHistory.at(-1)).toMatchObject({ entite: 'revision', action: 'revision' });
    const back = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${diffuseeId}/retourner`,
      headers: bearer(t.keys.admin),
      payload: {},
    });
    expect(back.json()).toMatchObject({ status: 400, erreurs: [{ champ: 'commentaire' }] });
    // A control character is refused as in every other typed field (a fresh user's report, 06/12).
    const controle = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${diffuseeId}/retourner`,
      headers: bearer(t.keys.admin),
      payload: { commentaire: 'Ajoutez\u0001 le contact.' },
    });
    expect(controle.statusCode).toBe(400);
    expect(controle.json()).toMatchObject({ code: 'CARACTERE_INTERDIT', champ: 'commentaire' });
    expect((await get(`/api/v1/formations/${diffuseeId}/revision`, t.keys.admin)).json()).toMatchObject({
      statut: 'en_attente_validation',
    });
  });

  it('refuses a revision that empties a mandatory field, as the organisme’s page does (nothing stored)', async () => {
    const avant = (await get(`/api/v1/formations/${diffuseeId}/revision`, t.keys.admin)).json();
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${diffuseeId}`,
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'API-DIFF', intitule: 'BTS MCO révisé', objectif: '' }),
    });
    expect(put.statusCode, put.body).toBe(422);
    expect(put.json()).toMatchObject({
      code: 'PUBLICATION_INCOMPLETE',
      erreurs: [expect.objectContaining({ champ: 'objectif', code: 'CHAMP_OBLIGATOIRE' })],
    });
    expect(put.json().detail).toContain('Modification non enregistrée');
    expect(put.json().detail).toContain('Champ obligatoire non renseigné : l’objectif.');
    // The revision is as it was: the refused write stored nothing.
    const apres = (await get(`/api/v1/formations/${diffuseeId}/revision`, t.keys.admin)).json();
    const lue = (r: Record<string, unknown>) => [r.statut, r.created_at, r.created_by, r.diff];
    expect(lue(apres)).toEqual(lue(avant));
    expect(avant.diff).toEqual([expect.objectContaining({ champ: 'intitule' })]);
  });
});

describe('change feed and organismes', () => {
  it('pages the feed with since; never names a draft to the public', async () => {
    const all = (await get('/api/v1/changes?limit=1000', t.keys.admin)).json();
    expect(all.data.length).toBeGreaterThan(3);
    const publicFeed = (await get('/api/v1/changes?limit=1000')).json();
    expect(publicFeed.data.some((e: { id: string }) => e.id === draftId)).toBe(false);
    const p = (await get(`/api/v1/changes?since=${all.data[1].seq}&limit=1`, t.keys.admin)).json();
    expect(p.data.map((e: { seq: number }) => e.seq)).toEqual([all.data[2].seq]);
    expect(p.next_cursor).toBe(String(all.data[2].seq));
    expect((await get('/api/v1/changes?since=abc')).json()).toMatchObject({ code: 'CURSEUR_INVALIDE' });
  });

  it('shows an organisme with its reference facts', async () => {
    await t.ctx.db
      .insertInto('etablissement')
      .values({ siret: SIRET_A, siren: SIRET_A.slice(0, 9), etat: 'A', denomination: 'CFA EXEMPLE' })
      .execute();
    const o = (await get(`/api/v1/organismes/${SIRET_A}`)).json();
    expect(o).toMatchObject({
      siret: SIRET_A,
      uai: '0693446W',
      referentiels: { sirene: { etat: 'actif', denomination: 'CFA EXEMPLE' } },
    });
    expect((await get('/api/v1/organismes/12345678901234')).json()).toMatchObject({ status: 404 });
    expect((await get('/api/v1/organismes/abc')).json()).toMatchObject({
      status: 400,
      erreurs: [{ champ: 'siret' }],
    });
  });
});
