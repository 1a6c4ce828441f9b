import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { type Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, espaceAvecReferentiels, ficheComplete, sessionForm } from './espace.helpers.ts';

// A place typed as people type it, matched alike everywhere (domain/commune.ts lireLieu): the
// session form without JavaScript, the public search's « Où ? », the API's `ou` and both communes
// autocompletions. Real communes: the fixture file of test/fixtures and the COG list its import
// completes (Château-Gontier-sur-Mayenne 53062, Saint-Denis 93066, Saint-Étienne 42218,
// Sainte-Foy-lès-Lyon 69202). Real HTTP layer (inject), the test database.

let t: TestWeb;
let nav: Navigateur;

beforeAll(async () => {
  ({ t, nav } = await espaceAvecReferentiels('lou@cfa-lieux.test', '10.41.0.1'));
});
afterAll(() => t.close());

const get = async (url: string) => {
  const r = await t.app.inject({ method: 'GET', url });
  expect(r.statusCode, `${url}: ${r.body.slice(0, 300)}`).toBe(200);
  return r;
};
const lieuRetenu = async (ou: string) =>
  (await get(`/api/v1/formations?ou=${encodeURIComponent(ou)}`)).json().lieu_retenu;
const codes = (rows: { code_insee: string; code_postal: string }[]) =>
  rows.map((c) => `${c.code_insee}-${c.code_postal}`);

describe('the session form without JavaScript', () => {
  it('finds a commune typed with spaces instead of hyphens and without accents', async () => {
    const id = await creerParFormulaire(nav, ficheComplete(SIRET_A));
    await nav.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await nav.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ 'lieu.code_postal': '', 'lieu.commune': 'chateau gontier sur mayenne' }),
    );
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    const s = await t.ctx.db
      .selectFrom('session')
      .select(['code_insee', 'commune', 'code_postal'])
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(s).toEqual({ code_insee: '53062', commune: 'Château-Gontier-sur-Mayenne', code_postal: '53200' });
  });
});

describe('a name and a postal code without parentheses, « st » and « ste »', () => {
  it('searches Saint-Denis (93200) for « Saint-Denis 93200 » (API and page)', async () => {
    const attendu = {
      code_insee: '93066',
      nom: 'Saint-Denis',
      code_postal: '93200',
      code_departement: '93',
      pourquoi: 'code_postal',
      rayon_km: null,
    };
    expect(await lieuRetenu('Saint-Denis 93200')).toEqual(attendu);
    expect(await lieuRetenu('93200 Saint-Denis')).toEqual(attendu);
    expect(await lieuRetenu('Saint-Denis (93200)')).toEqual(attendu);
    const page = texte((await get(`/?ou=${encodeURIComponent('Saint-Denis 93200')}`)).body);
    expect(page).not.toContain('Commune introuvable');
    expect(page).toContain('Formations près de Saint-Denis');
  });

  it('reads « st » as Saint and « ste » as Sainte (API and page)', async () => {
    expect((await lieuRetenu('st etienne')).code_insee).toBe('42218');
    expect((await lieuRetenu('ST-ETIENNE')).code_insee).toBe('42218');
    expect((await lieuRetenu('ste foy les lyon')).code_insee).toBe('69202');
    const page = texte((await get('/?ou=st+etienne')).body);
    expect(page).not.toContain('Commune introuvable');
    expect(page).toContain('Formations près de Saint-Étienne');
  });

  it('offers the same communes in both autocompletions', async () => {
    for (const url of ['/api/v1/communes?q=', '/espace/communes.json?q=']) {
      const g = (q: string) =>
        url.startsWith('/api')
          ? get(`${url}${encodeURIComponent(q)}`)
          : nav.get(`${url}${encodeURIComponent(q)}`);
      expect(codes((await g('Saint-Denis 93200')).json()), url).toEqual(['93066-93200']);
      expect(codes((await g('st etienne')).json()), url).toContain('42218-42000');
      expect(codes((await g('ste foy')).json()), url).toContain('69202-69110');
      expect(codes((await g('chateau gontier sur')).json()), url).toContain('53062-53200');
    }
  });
});
