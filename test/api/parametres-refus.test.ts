import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { bearer, diffuseeParApi, formationFixture, SIRET_A, useTestApi } from './helpers.ts';

// A fresh user's report on the API's query parameters: every refusal has its own catalogue code
// and one French message naming the parameter — never zod's `invalid_format`, never an empty list
// or an empty file for a filter that names nothing, never a workbook for a campaign that does not
// exist.

const t = useTestApi();
const get = (url: string, key?: string) => t.app.inject({ url, ...(key ? { headers: bearer(key) } : {}) });

beforeAll(async () => {
  await ensureCampagne(t.ctx.db, 2026);
  await ensureCampagne(t.ctx.db, 2027);
  await diffuseeParApi(t, 'PARAMS-1');
});

describe('GET /formations filters', () => {
  it('region=99: 400 REGION_INCONNUE listing the valid codes (was 200 and an empty list)', async () => {
    for (const region of ['99', '9', 'abc']) {
      const r = await get(`/api/v1/formations?region=${region}`);
      expect(r.statusCode).toBe(400);
      const p = r.json();
      expect(p.code).toBe('REGION_INCONNUE');
      expect(p.erreurs).toEqual([
        {
          champ: 'region',
          code: 'REGION_INCONNUE',
          message: `Le paramètre region est invalide : région « ${region} » inconnue : codes INSEE valides 01, 02, 03, 04, 06, 11, 24, 27, 28, 32, 44, 52, 53, 75, 76, 84, 93, 94.`,
        },
      ]);
    }
    expect((await get('/api/v1/formations?region=84')).statusCode).toBe(200);
  });

  it('département and code_insee: their own codes and French messages naming the parameter', async () => {
    const cas = [
      [
        'departement=999',
        'DEPARTEMENT_INCONNU',
        'Le paramètre departement est invalide : département « 999 » inconnu',
      ],
      [
        'departement=99',
        'DEPARTEMENT_INCONNU',
        'Le paramètre departement est invalide : département « 99 » inconnu',
      ],
      [
        'code_insee=abc',
        'CODE_INSEE_INVALIDE',
        'Le paramètre code_insee est invalide : code commune INSEE de cinq caractères attendu (ex. 44109) ; reçu : le texte « abc ».',
      ],
    ] as const;
    for (const [query, code, message] of cas) {
      const r = await get(`/api/v1/formations?${query}`);
      expect(r.statusCode, query).toBe(400);
      expect(r.json()).toMatchObject({ code, erreurs: [{ code }] });
      expect(r.json().detail).toContain(message);
      expect(r.body).not.toContain('invalid_format');
    }
    for (const query of ['departement=69', 'departement=2A', 'departement=974', 'code_insee=44109'])
      expect((await get(`/api/v1/formations?${query}`)).statusCode, query).toBe(200);
  });

  // A fresh user's report (03/12): `rayon=-5` and `rayon=abc` were ignored (the search ran without them).
  it('rayon_km and rayon: 400 RAYON_INVALIDE naming the parameter, never ignored', async () => {
    for (const query of [
      'ou=Nantes&rayon_km=-5',
      'ou=Nantes&rayon_km=abc',
      'ou=Nantes&rayon_km=0',
      'ou=Nantes&rayon_km=5000',
      'ou=Nantes&rayon=-5',
      'ou=Nantes&rayon=abc',
      'ou=Nantes&rayon=30',
    ]) {
      const r = await get(`/api/v1/formations?${query}`);
      expect(r.statusCode, query).toBe(400);
      const champ = query.includes('rayon_km') ? 'rayon_km' : 'rayon';
      expect(r.json(), query).toMatchObject({
        code: 'RAYON_INVALIDE',
        erreurs: [{ champ, code: 'RAYON_INVALIDE' }],
      });
      expect(r.json().detail, query).toContain(`Le paramètre ${champ} est invalide`);
    }
    // Alone (no lat/lon, no place), a refused rayon_km is one error, not also the pairing rule's.
    const seul = (await get('/api/v1/formations?rayon_km=-5')).json();
    expect(seul).toMatchObject({ code: 'RAYON_INVALIDE' });
    expect(seul.erreurs).toHaveLength(1);
    expect((await get('/api/v1/formations?ou=Nantes&rayon_km=30')).json().code).not.toBe('RAYON_INVALIDE');
    expect((await get('/api/v1/formations?lat=47.2&lon=-1.55&rayon_km=12.5')).statusCode).toBe(200);
  });

  // A fresh user's report (02/12): `2a` was refused DEPARTEMENT_INCONNU while `2A` was accepted.
  it('departement=2a / 2b: Corsica in small letters is 2A / 2B, as spaces are trimmed', async () => {
    for (const d of ['2A', '2B']) {
      const grand = await get(`/api/v1/formations?departement=${d}`);
      const petit = await get(`/api/v1/formations?departement=${d.toLowerCase()}`);
      expect(petit.statusCode, petit.body).toBe(200);
      expect(petit.json()).toEqual(grand.json());
    }
  });

  // The same for a commune: `2a004` was refused CODE_INSEE_INVALIDE while `2A004` was accepted.
  it('code_insee=2a004: Corsica in small letters is 2A004 (Ajaccio), as for departement', async () => {
    const f = formationFixture({ cle_externe: 'PARAMS-AJACCIO' });
    const lieu = {
      adresse: '1 cours Napoléon',
      code_postal: '20000',
      commune: 'Ajaccio',
      code_insee: '2A004',
    };
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: { ...f, sessions: f.sessions.map((s) => ({ ...s, lieu })) },
    });
    expect(cree.statusCode, cree.body).toBe(201);
    const grand = await get('/api/v1/formations?code_insee=2A004', t.keys.writeA);
    expect(grand.json().data.map((x: { id: string }) => x.id)).toEqual([cree.json().id]);
    for (const code of ['2a004', ' 2a004 ']) {
      const petit = await get(`/api/v1/formations?code_insee=${encodeURIComponent(code)}`, t.keys.writeA);
      expect(petit.statusCode, petit.body).toBe(200);
      expect(petit.json()).toEqual(grand.json());
    }
    expect((await get('/api/v1/formations?code_insee=2c004')).json().code).toBe('CODE_INSEE_INVALIDE');
  });

  it('siret= (empty): SIRET_INVALIDE with the one SIRET message (was REQUETE_INVALIDE)', async () => {
    const r = await get('/api/v1/formations?siret=');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'SIRET_INVALIDE',
      detail: 'Le paramètre siret est invalide : SIRET de 14 chiffres attendu ; reçu : une valeur vide.',
      erreurs: [{ champ: 'siret', code: 'SIRET_INVALIDE' }],
    });
  });

  it('a repeated parameter is said to be repeated (was « entier entre 1 et 1 000 »)', async () => {
    const r = await get('/api/v1/formations?limit=5&limit=6');
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'PARAMETRE_REPETE',
      detail: 'Le paramètre « limit » est donné plusieurs fois : donnez-le une seule fois.',
      erreurs: [{ champ: 'limit', code: 'PARAMETRE_REPETE' }],
    });
    const region = await get('/api/v1/formations?region=84&region=84');
    expect(region.json()).toMatchObject({ code: 'PARAMETRE_REPETE', erreurs: [{ champ: 'region' }] });
  });
});

describe('a SIRET with spaces around it: trimmed on every route', () => {
  it('/organismes/{siret} answers as without the spaces (was 400), as the exports do', async () => {
    const nu = await get(`/api/v1/organismes/${SIRET_A}`);
    const espaces = await get(`/api/v1/organismes/%20${SIRET_A}%20`);
    expect(nu.statusCode).toBe(200);
    expect([espaces.statusCode, espaces.json()]).toEqual([200, nu.json()]);
    expect((await get(`/api/v1/exports/csv?siret=%20${SIRET_A}%20`)).statusCode).toBe(200);
    expect((await get(`/api/v1/formations?siret=%20${SIRET_A}%20`)).json().data).toHaveLength(1);
  });
});

describe('the three exports agree on a filter that selects nothing', () => {
  for (const format of ['csv', 'xlsx', 'lheo'])
    it(`/exports/${format}?siret=99999999999999: 404 AUCUNE_FORMATION (CSV and XLSX were 200, empty)`, async () => {
      const r = await get(`/api/v1/exports/${format}?siret=99999999999999`);
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(r.json().code).toBe('AUCUNE_FORMATION');
      expect(r.json().detail).toMatch(/^Aucune formation à exporter pour le SIRET 99999999999999 : /);
    });

  it('the whole offer, and a filter that selects some, still answer 200', async () => {
    for (const url of [
      '/api/v1/exports/csv',
      `/api/v1/exports/xlsx?siret=${SIRET_A}`,
      '/api/v1/exports/csv?region=84',
    ])
      expect((await get(url)).statusCode, url).toBe(200);
  });
});

describe('GET /organismes/{siret}/classeur?campagne=', () => {
  it('a campaign that does not exist: 404 CAMPAGNE_INCONNUE listing those that exist (was a workbook)', async () => {
    for (const annee of [2030, 1999]) {
      const r = await get(`/api/v1/organismes/${SIRET_A}/classeur?campagne=${annee}`, t.keys.writeA);
      expect(r.statusCode, String(annee)).toBe(404);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      const p = r.json();
      expect(p).toMatchObject({ code: 'CAMPAGNE_INCONNUE', champ: 'campagne', annee });
      expect(p.campagnes).toEqual(expect.arrayContaining([2027, 2026]));
      expect(p.detail).toMatch(
        new RegExp(
          `^La campagne ${annee} \\(rentrée ${annee}\\) n’existe pas : campagnes existantes .*2027, 2026`,
        ),
      );
      expect(p.detail).not.toMatch(/2 000/);
    }
    const ok = await get(`/api/v1/organismes/${SIRET_A}/classeur?campagne=2027`, t.keys.writeA);
    expect(ok.statusCode).toBe(200);
  });

  it('campagne=abc: CAMPAGNE_INVALIDE, echoing what was sent (never « NaN »)', async () => {
    const r = await get(`/api/v1/organismes/${SIRET_A}/classeur?campagne=abc`, t.keys.writeA);
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'CAMPAGNE_INVALIDE',
      detail:
        'Le paramètre campagne est invalide : année de campagne AAAA attendue (ex. 2026) ; reçu : le texte « abc ».',
    });
    expect(r.body).not.toContain('NaN');
  });
});

// Fresh user: `?statut=brouillon` without an admin key answered 200 and an empty list (it reads as
// "no draft exists"), and `tri=distance` without a place was silently by relevance.
describe('GET /formations: a filter the caller cannot see, a sort that cannot be done', () => {
  it('statut other than publiee, catalogue non_reglementaire: 403 FILTRE_HORS_ACCES for the public and read keys', async () => {
    for (const [url, key] of [
      ['/api/v1/formations?statut=brouillon', undefined],
      ['/api/v1/formations?statut=brouillon', t.keys.read],
      ['/api/v1/formations?q=commercial&statut=archivee', undefined],
      ['/api/v1/formations?catalogue=non_reglementaire', t.keys.read],
    ] as const) {
      const r = await get(url, key);
      expect(r.statusCode, url).toBe(403);
      expect(r.json(), url).toMatchObject({ code: 'FILTRE_HORS_ACCES', champ: expect.any(String) });
      expect(r.json().detail, url).toMatch(
        /^Filtre « (statut|catalogue)=.+ » hors de votre accès : .+ que les formations diffusées/,
      );
    }
    // What the caller does see: allowed.
    expect((await get('/api/v1/formations?statut=publiee')).statusCode).toBe(200);
    expect((await get('/api/v1/formations?statut=brouillon', t.keys.writeA)).statusCode).toBe(200);
    expect((await get('/api/v1/formations?statut=brouillon', t.keys.admin)).statusCode).toBe(200);
  });

  it('tri=distance without a place: 400 TRI_SANS_LIEU naming « tri »; with a place it sorts', async () => {
    for (const url of ['/api/v1/formations?tri=distance', '/api/v1/formations?q=commercial&tri=distance']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json(), url).toMatchObject({ code: 'TRI_SANS_LIEU', champ: 'tri' });
      expect(r.json().detail).toContain('« distance » se compte depuis un lieu');
    }
    expect((await get('/api/v1/formations?code_insee=69381&rayon_km=10&tri=distance')).statusCode).toBe(200);
    expect((await get('/api/v1/formations?tri=distance&lat=45.76&lon=4.83&rayon_km=30')).statusCode).toBe(
      200,
    );
  });
});
