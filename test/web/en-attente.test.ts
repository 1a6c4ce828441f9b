import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, decider, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { ficheComplete, versionLue } from './espace.helpers.ts';

// Fresh user (03/12): an offer waiting for validation could be emptied (page, API) and the
// gestionnaire's « Valider » then published it with mandatory fields missing. Its writes keep the
// mandatory fields « Publier » checked, by every way in, and « Valider » checks them again.

let t: TestWeb;
let org: Navigateur;
let g84: Navigateur;
let cleEcriture: string;
let cleAdmin: string;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  org = await connecte(t, { email: 'cfa@a.test', role: 'organisme', siren: SIREN_A }, '10.30.0.1');
  g84 = await connecte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' }, '10.30.0.2');
  cleEcriture = (await createApiKey(t.ctx, { name: 'écriture A', scope: 'write', siren: SIREN_A })).key;
  cleAdmin = (await createApiKey(t.ctx, { name: 'admin', scope: 'admin' })).key;
});
afterAll(() => t.close());

const api = (method: 'POST' | 'PUT', url: string, payload?: object, key = cleEcriture) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${key}` }, payload });

/** A complete formation created and published by API (en_attente_validation): its id. */
async function enAttente(cle: string): Promise<string> {
  const cree = await api('POST', '/formations', formationFixture({ cle_externe: cle }));
  expect(cree.statusCode, cree.body).toBe(201);
  const id = cree.json().id as string;
  expect((await api('POST', `/formations/${id}/publier`)).statusCode).toBe(200);
  return id;
}

const stockee = (id: string) =>
  t.ctx.db
    .selectFrom('formation')
    .select(['statut', 'objectif', 'responsable_siret'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('an offer waiting for validation, on the organisme’s page', () => {
  it('names the save for what it does, and refuses to empty a mandatory field (nothing stored)', async () => {
    const id = await enAttente('ATT-PAGE');
    const page = texte((await org.get(`/espace/formations/${id}`)).body);
    expect(page).toContain('Enregistrer les modifications');
    expect(page).not.toContain('Enregistrer le brouillon');

    const r = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, {
        intitule: 'BTS Management commercial opérationnel',
        'certification.rncp': 'RNCP38368',
        objectif: '',
        'contacts.0.type': '',
        'contacts.0.nom': '',
        'contacts.0.courriel': '',
      }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(r.statusCode).toBe(400);
    const lu = texte(r.body);
    expect(lu).toContain('cette offre est en attente de validation');
    expect(lu).toContain('Champ obligatoire non renseigné : l’objectif.');
    expect(await stockee(id)).toMatchObject({
      statut: 'en_attente_validation',
      objectif: 'Former des managers d’unité commerciale.',
    });

    // A change that keeps every mandatory field is saved, and the offer keeps waiting.
    const ok = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, {
        intitule: 'BTS Management commercial opérationnel',
        'certification.rncp': 'RNCP38368',
        objectif: 'Un objectif reformulé.',
      }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(ok.statusCode, texte(ok.body).slice(0, 300)).toBe(303);
    expect(await stockee(id)).toMatchObject({
      statut: 'en_attente_validation',
      objectif: 'Un objectif reformulé.',
    });
  });
});

describe('an offer waiting for validation, by API and LHEO file', () => {
  it('refuses a PUT that removes the responsable: 422 PUBLICATION_INCOMPLETE naming it', async () => {
    const id = await enAttente('ATT-API');
    const put = await api('PUT', `/formations/${id}`, {
      ...formationFixture({ cle_externe: 'ATT-API' }),
      responsable: null,
    });
    expect(put.statusCode, put.body).toBe(422);
    expect(put.json()).toMatchObject({
      code: 'PUBLICATION_INCOMPLETE',
      erreurs: expect.arrayContaining([expect.objectContaining({ champ: 'responsable.siret' })]),
    });
    expect(put.json().detail).toContain('en attente de validation');
    expect(await stockee(id)).toMatchObject({ statut: 'en_attente_validation', responsable_siret: SIRET_A });
  });

  it('rejects the LHEO record that empties the objective, both write paths', async () => {
    const id = await enAttente('ATT-LHEO');
    const exp = await openLheoExport(t.ctx.db, SYSTEME('export-lheo'), { siret: SIRET_A }, new Date());
    let exporte = '';
    for await (const c of exp.chunks) exporte += typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
    expect(exporte).toContain('numero="ATT-LHEO"');
    const xml = exporte.replace(
      /<objectif-formation>[^<]*<\/objectif-formation>/g,
      '<objectif-formation> </objectif-formation>',
    );
    const acteur = {
      kind: 'utilisateur' as const,
      id: 'x',
      email: 'cfa@a.test',
      nom: 'CFA',
      role: 'organisme' as const,
      siren: SIREN_A,
      regions: [],
      academies: [],
    };
    for (const writePath of ['single', 'bulk'] as const) {
      const r = await importLheo(t.ctx, acteur, Readable.from([xml]), { writePath });
      expect(
        r.rejets.map((x) => x.code),
        writePath,
      ).toContain('PUBLICATION_INCOMPLETE');
    }
    expect((await stockee(id)).objectif).toBe('Former des managers d’unité commerciale.');
  });
});

/** « Valider » of `id` by the review page or the API: refused (422), naming the missing objective. */
async function valideSansObjectif(id: string, par: 'page' | 'api') {
  if (par === 'page') {
    await g84.get(`/gestion/formations/${id}`);
    const r = await decider(g84, id, 'valider', { confirmer_retrait: 'oui' });
    expect(r.statusCode).toBe(422);
    const lu = texte(r.body);
    expect(lu).toContain('Validation impossible');
    expect(lu).toContain('Champ obligatoire non renseigné : l’objectif.');
    return;
  }
  const v = await api('POST', `/formations/${id}/valider`, undefined, cleAdmin);
  expect(v.statusCode, v.body).toBe(422);
  expect(v.json()).toMatchObject({
    code: 'PUBLICATION_INCOMPLETE',
    erreurs: [expect.objectContaining({ champ: 'objectif' })],
  });
}

describe('« Valider » of an offer waiting for validation that misses a mandatory field', () => {
  it('is refused on the review page and by API, naming the field; the offer keeps waiting', async () => {
    const id = await enAttente('ATT-VAL');
    // Stored before its writes were checked (or by hand): no objective.
    await t.ctx.db.updateTable('formation').set({ objectif: null }).where('id', '=', id).execute();

    await valideSansObjectif(id, 'page');
    expect((await stockee(id)).statut).toBe('en_attente_validation');

    await valideSansObjectif(id, 'api');
    expect((await stockee(id)).statut).toBe('en_attente_validation');
  });
});

describe('« Valider » of a revision that misses a mandatory field', () => {
  it('is refused on the review page and by API, naming the field; the revision keeps waiting', async () => {
    const id = await enAttente('REV-VAL');
    expect((await api('POST', `/formations/${id}/valider`, undefined, cleAdmin)).statusCode).toBe(200);
    const put = await api(
      'PUT',
      `/formations/${id}`,
      formationFixture({ cle_externe: 'REV-VAL', intitule: 'BTS MCO (révision)' }),
    );
    expect(put.json()).toMatchObject({ revision: true });
    // Stored before revisions were checked: a revision without objective (legacy data).
    const rev = await t.ctx.db
      .selectFrom('formation_revision')
      .select(['id', 'payload'])
      .where('formation_id', '=', id)
      .where('statut', '=', 'en_attente_validation')
      .executeTakeFirstOrThrow();
    const payload = { ...(rev.payload as object), objectif: null };
    await t.ctx.db
      .updateTable('formation_revision')
      .set({ payload: JSON.stringify(payload) })
      .where('id', '=', rev.id)
      .execute();
    const revision = () =>
      t.ctx.db
        .selectFrom('formation_revision')
        .select('statut')
        .where('id', '=', rev.id)
        .executeTakeFirstOrThrow();

    await valideSansObjectif(id, 'page');
    expect((await revision()).statut).toBe('en_attente_validation');

    await valideSansObjectif(id, 'api');
    expect((await revision()).statut).toBe('en_attente_validation');
    expect(await stockee(id)).toMatchObject({ statut: 'publiee', objectif: expect.any(String) });
  });
});
