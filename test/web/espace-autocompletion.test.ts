import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb } from '../auth/web.helpers.ts';
import { espaceAvecReferentiels, ficheComplete, sessionForm } from './espace.helpers.ts';

// The look-ups behind the space's autocompletes (certification, a session's commune), the files
// the pages load for them, and the cedex of a session's place kept from the form to the offer.
// The reference data are the fixtures of test/fixtures/referentiels (RNCP34825: "Titre d'ingénieur
// & manager", level 7, active until 31/08/2027, open to apprenticeship; 75001 → Paris 1er
// Arrondissement, INSEE 75101, 48.86256 / 2.33653).

let t: TestWeb;
let nav: Navigateur;

beforeAll(async () => {
  ({ t, nav } = await espaceAvecReferentiels('claire@cfa-autocompletion.test', '10.22.0.1'));
});
afterAll(() => t.close());

describe('GET /espace/certifications.json', () => {
  it('finds a certification by words, with what the picker shows of it', async () => {
    const r = await nav.get('/espace/certifications.json?q=ing%C3%A9nieur%20manager');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/^application\/json/);
    const c = r.json().propositions.find((x: { valeur: string }) => x.valeur === 'rncp:RNCP34825');
    expect(c).toMatchObject({ codes: 'RNCP34825', intitule: "Titre d'ingénieur & manager", expiree: false });
    expect(c.details).toContain('Niveau 7');
    expect(c.details).toContain('au 31 août 2027');
    expect(c.details).toContain('ouverte à l’apprentissage');
  });

  it('finds it by its code, "RNCP" left out', async () => {
    const r = await nav.get('/espace/certifications.json?q=34825');
    expect(r.json().propositions.map((x: { valeur: string }) => x.valeur)).toContain('rncp:RNCP34825');
  });

  it('corrects a typo as the public search does, and says which words it searched', async () => {
    // « managr »: no certification title holds it; the nearest word of the titles is « manager »
    // (recherche.repository.ts corrections over certification_mot, migration 1110).
    const r = (await nav.get('/espace/certifications.json?q=ing%C3%A9nieur%20managr')).json();
    const c = r.propositions.find((x: { valeur: string }) => x.valeur === 'rncp:RNCP34825');
    expect(c).toMatchObject({ intitule: "Titre d'ingénieur & manager" });
    expect(r.correction).toBe('ingenieur manager');
    // Words that find something are not corrected; nothing near stays nothing.
    const exact = (await nav.get('/espace/certifications.json?q=ing%C3%A9nieur%20manager')).json();
    expect(exact.correction).toBeNull();
    expect((await nav.get('/espace/certifications.json?q=xqzwvk')).json()).toEqual({
      propositions: [],
      correction: null,
      absent: null,
    });
  });

  it('corrects it the same way without JavaScript (« Chercher la certification »)', async () => {
    await nav.get('/espace/formations/nouvelle');
    const r = await nav.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { action: 'chercher', 'certification.recherche': 'ingénieur managr' }),
    );
    expect(r.statusCode).toBe(200);
    const s = r.body.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    expect(s).toContain(
      'Aucune certification pour « ingénieur managr ». Résultats pour « ingenieur manager ».',
    );
    expect(r.body).toContain('value="rncp:RNCP34825"');
  });

  it('proposes nothing for fewer than 2 characters, or no q', async () => {
    const rien = { propositions: [], correction: null, absent: null };
    expect((await nav.get('/espace/certifications.json?q=R')).json()).toEqual(rien);
    expect((await nav.get('/espace/certifications.json')).json()).toEqual(rien);
  });
});

describe('GET /espace/communes.json', () => {
  it('finds the communes of a postal code with INSEE code and coordinates', async () => {
    const r = await nav.get('/espace/communes.json?q=75001');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toContainEqual({
      code_insee: '75101',
      nom: 'Paris 1er Arrondissement',
      code_postal: '75001',
      lat: 48.86256,
      lon: 2.33653,
    });
  });

  it('finds a commune by the start of its name, accents aside', async () => {
    const r = await nav.get(`/espace/communes.json?q=${encodeURIComponent('Ambérieu-en-B')}`);
    expect(r.json().map((c: { code_insee: string }) => c.code_insee)).toEqual(['01004']);
  });

  it('answers [] to what is too short', async () => {
    expect((await nav.get('/espace/communes.json?q=7')).json()).toEqual([]);
  });
});

describe('who may ask', () => {
  it('sends a visitor who is not signed in to /connexion', async () => {
    for (const url of ['/espace/certifications.json?q=ingenieur', '/espace/communes.json?q=75001']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toMatch(/^\/connexion/);
    }
  });

  it('refuses another role (403)', async () => {
    const gNav = await connecte(
      t,
      { email: 'gestion@carif-auto.test', role: 'gestionnaire', region: '84' },
      '10.22.0.2',
    );
    expect((await gNav.get('/espace/communes.json?q=75001')).statusCode).toBe(403);
  });
});

describe('the scripts of the autocompletes', () => {
  it('are loaded by the formation and session forms, from our own origin, under a CSP without inline script', async () => {
    const r = await nav.get('/espace/formations/nouvelle');
    expect(r.body).toContain(
      '<script src="/vendor/accessible-autocomplete/accessible-autocomplete.min.js" defer',
    );
    expect(r.body).toContain('<script src="/scripts/autocompletion.js" defer');
    expect(String(r.headers['content-security-policy'])).toMatch(/script-src 'self';/);
    for (const url of [
      '/vendor/accessible-autocomplete/accessible-autocomplete.min.js',
      '/vendor/accessible-autocomplete/accessible-autocomplete.min.css',
      '/scripts/autocompletion.js',
    ]) {
      const f = await t.app.inject({ method: 'GET', url });
      expect(f.statusCode, url).toBe(200);
    }
    // Only the two files of the package are served.
    const carte = await t.app.inject({
      method: 'GET',
      url: '/vendor/accessible-autocomplete/accessible-autocomplete.min.js.map',
    });
    expect(carte.statusCode).toBe(404);
  });
});

describe('the cedex of a session’s place', () => {
  it('is kept from the session form (commune picked by INSEE code) and shown with the place', async () => {
    await nav.get('/espace/formations/nouvelle');
    const f = await nav.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A),
      confirmer_doublon: 'oui',
    });
    expect(f.statusCode).toBe(303);
    const id = String(/\/espace\/formations\/([^/?#]+)/.exec(String(f.headers.location))?.[1]);
    await nav.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await nav.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({
        'lieu.code_postal': '75001',
        'lieu.commune': 'Paris',
        'lieu.choix': '75101-75001',
        'lieu.cedex': 'CEDEX 01',
      }),
    );
    expect(r.statusCode).toBe(303);
    const s = await t.ctx.db
      .selectFrom('session')
      .select(['code_insee', 'commune', 'lat', 'lon', 'cedex'])
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(s).toEqual({
      code_insee: '75101',
      commune: 'Paris 1er Arrondissement',
      lat: 48.86256,
      lon: 2.33653,
      cedex: 'CEDEX 01',
    });
    const page = await nav.get(`/espace/formations/${id}`);
    // La Poste's CEDEX line (domain/adresse-lieu.ts): the city, not the arrondissement; the mention as typed.
    expect(page.body).toContain('75001 PARIS CEDEX 01');
    expect(page.body).not.toContain('ARRONDISSEMENT CEDEX');
    // The session form loads the autocomplete too, and shows the cedex back.
    const sid = String(/id="session-([^"]+)"/.exec(page.body)?.[1]);
    const formulaire = await nav.get(`/espace/formations/${id}/sessions/${sid}`);
    expect(formulaire.body).toContain('<script src="/scripts/autocompletion.js" defer');
    expect(formulaire.body).toMatch(
      /id="lieu\.cedex"[^>]*value="CEDEX 01"|value="CEDEX 01"[^>]*id="lieu\.cedex"/,
    );
  });
});
