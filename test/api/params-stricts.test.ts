import { describe, expect, it } from 'vitest';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// A fresh tester's report on the query parameters: integers written as a person writes them
// (decimal digits only), and one French message that names the parameter actually sent.

const t = useTestApi();
const get = (url: string) => t.app.inject({ url });

describe('integer query parameters take decimal digits only', () => {
  it('limit=0x10, +5, 1e1 or " 5" is refused, not read as 16, 5 or 10', async () => {
    for (const route of ['/api/v1/formations', '/api/v1/changes'])
      for (const limit of ['0x10', '%2B5', '1e1', '%205', '0b11', '-1'])
        expect((await get(`${route}?limit=${limit}`)).statusCode, `${route} ${limit}`).toBe(400);
    expect((await get('/api/v1/formations?limit=16')).statusCode).toBe(200);
    expect((await get('/api/v1/formations?rentree=0x7EA')).statusCode).toBe(400);
    expect((await get('/api/v1/formations?rentree=2026')).statusCode).toBe(200);
  });

  it('a limit far too large: one error, not the same parameter twice', async () => {
    const p = (await get('/api/v1/formations?limit=99999999999999999999999999')).json();
    expect(p.erreurs).toHaveLength(1);
    expect(p.detail).toBe(
      'Le paramètre limit doit être un nombre entier entre 1 et 1 000 ; reçu : 99999999999999999999999999.',
    );
  });
});

// A fresh partner (07/12, LOW): limit=abc, 0 or 1001, and ou=Nantes&rayon_km=0, were refused
// without saying what was received, while rayon_km=-5 said it. Every refused parameter says it,
// from one place (domain/message-champ.ts), on every listing route.
describe('a refused parameter says what was received', () => {
  it.each([
    [
      'limit=abc',
      'Le paramètre limit doit être un nombre entier entre 1 et 1 000 ; reçu : le texte « abc ».',
    ],
    ['limit=0', 'Le paramètre limit doit être un nombre entier entre 1 et 1 000 ; reçu : 0.'],
    ['limit=1001', 'Le paramètre limit doit être un nombre entier entre 1 et 1 000 ; reçu : 1001.'],
  ])('%s on /formations and /changes', async (query, message) => {
    for (const route of ['/api/v1/formations', '/api/v1/changes']) {
      const p = (await get(`${route}?${query}`)).json();
      expect([p.status, p.detail], route).toEqual([400, message]);
      expect(p.erreurs).toEqual([expect.objectContaining({ champ: 'limit', message })]);
    }
  });

  it.each([
    ['ou=Nantes&rayon_km=0', '0'],
    ['rayon_km=0&lat=47.2&lon=-1.55', '0'],
    ['ou=Nantes&rayon_km=-5', '-5'],
    ['ou=Nantes&rayon_km=1001', '1001'],
  ])('%s', async (query, recu) => {
    const p = (await get(`/api/v1/formations?${query}`)).json();
    expect([p.status, p.code, p.detail]).toEqual([
      400,
      'RAYON_INVALIDE',
      `Le paramètre rayon_km est invalide : rayon en kilomètres attendu, plus de 0 et 1 000 au plus (ex. 30) ; reçu : ${recu}.`,
    ]);
  });

  it('a value the message already quotes is not said twice', async () => {
    const p = (await get('/api/v1/formations?departement=999')).json();
    expect(p.detail).toBe(
      'Le paramètre departement est invalide : département « 999 » inconnu : code de département attendu (ex. 69, 2A, 974).',
    );
  });
});

describe('the feed cursor: one rule, one error (a fresh user’s report, 07/12)', () => {
  it('since far too long: one error for since, not « since, since »', async () => {
    for (const champ of ['since', 'cursor']) {
      const p = (await get(`/api/v1/changes?${champ}=99999999999999999999999999`)).json();
      expect(p.erreurs, champ).toHaveLength(1);
      expect(p).toMatchObject({ code: 'CURSEUR_INVALIDE', champ });
    }
  });

  it('leading zeros are read the same at any length up to 20 digits', async () => {
    for (const since of ['0', '000', '00000000000000000000', '0000000000000000000'])
      expect((await get(`/api/v1/changes?since=${since}`)).statusCode, since).toBe(200);
    const zero = (await get('/api/v1/changes?since=0')).json();
    expect((await get('/api/v1/changes?since=00000000000000000000')).json()).toEqual(zero);
    // 21 digits: over the documented length, refused like any cursor that was not handed out.
    expect((await get('/api/v1/changes?since=000000000000000000000')).json()).toMatchObject({
      code: 'CURSEUR_INVALIDE',
    });
  });
});

describe('messages name what was sent', () => {
  it('/changes?cursor=abc blames cursor, not since', async () => {
    const p = (await get('/api/v1/changes?cursor=abc')).json();
    expect(p).toMatchObject({ code: 'CURSEUR_INVALIDE', champ: 'cursor' });
    expect(p.detail).toMatch(/^Le paramètre cursor est invalide : reprenez la valeur « next_cursor »/);
    expect((await get('/api/v1/changes?since=abc')).json()).toMatchObject({ champ: 'since' });
  });

  it('/changes?since=abc&limit=5000 lists both faulty parameters, as /formations does (07/12)', async () => {
    const p = (await get('/api/v1/changes?since=abc&limit=5000')).json();
    expect(p.code).toBe('REQUETE_INVALIDE');
    expect(p.erreurs.map((e: { champ: string }) => e.champ).sort()).toEqual(['limit', 'since']);
    expect(p.erreurs.find((e: { champ: string }) => e.champ === 'since')).toMatchObject({
      code: 'CURSEUR_INVALIDE',
      message:
        'Le paramètre since est invalide : reprenez la valeur « next_cursor » de la page précédente ; reçu : le texte « abc ».',
    });
  });

  it('lat without lon and rayon_km: says they go together and which are missing', async () => {
    const p = (await get('/api/v1/formations?lat=0')).json();
    expect(p.erreurs).toEqual([
      {
        // The first one missing: the one to add.
        champ: 'lon',
        // The API's code for such a refusal, never zod's `custom` (fresh user's report, 03/12).
        code: 'REQUETE_INVALIDE',
        message:
          'Les paramètres lon et rayon_km manquent : lat, lon et rayon_km s’emploient ensemble (ou rayon_km avec code_insee ou ou).',
      },
    ]);
    const q = (await get('/api/v1/formations?lat=0&rayon_km=5')).json();
    expect(q.erreurs[0]).toMatchObject({
      champ: 'lon',
      message: expect.stringMatching(/^Le paramètre lon manque : /),
    });
  });

  it('an unknown département is echoed once, as sent', async () => {
    const v = "'; DROP TABLE formation; --";
    const p = (await get(`/api/v1/formations?departement=${encodeURIComponent(v)}`)).json();
    expect(p.detail).toBe(
      `Le paramètre departement est invalide : département « ${v} » inconnu : code de département attendu (ex. 69, 2A, 974).`,
    );
  });

  it('since and cursor that differ: one sentence', async () => {
    const p = (await get('/api/v1/changes?since=5&cursor=6')).json();
    expect(p.detail).toBe(
      'Le paramètre cursor est invalide : since (« 5 ») et cursor (« 6 ») désignent le même curseur mais diffèrent : n’en envoyez qu’un.',
    );
  });

  // A blank q is no words, as without it (h-recherche5, test/recherche/saisies-du-public.test.ts).
  it('ou of spaces only: « ne doit pas être vide (espaces seuls) »', async () => {
    const p = (await get('/api/v1/formations?ou=%20%20')).json();
    expect(p.detail).toBe('Le paramètre ou ne doit pas être vide (espaces seuls).');
  });
});

describe('a field refused by a rule of its own (e-mail, telephone, web address, session year)', () => {
  it('carries the API’s code REQUETE_INVALIDE in `erreurs`, never zod’s `custom`', async () => {
    const f = formationFixture({ cle_externe: 'CODE-CUSTOM' });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: {
        ...f,
        url: 'pas une adresse',
        contacts: [{ type: 'autre', nom: 'X', courriel: 'pas-un-courriel', telephone: 'abc' }],
        sessions: [{ ...f.sessions[0]!, debut: '1900-01-01' }],
      },
    });
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p.code).toBe('REQUETE_INVALIDE');
    expect(p.erreurs.map((e: { champ: string; code: string }) => [e.champ, e.code])).toEqual([
      ['url', 'REQUETE_INVALIDE'],
      ['contacts.0.telephone', 'REQUETE_INVALIDE'],
      ['contacts.0.courriel', 'REQUETE_INVALIDE'],
      ['sessions.0.debut', 'REQUETE_INVALIDE'],
    ]);
    expect(r.body).not.toContain('"custom"');
  });
});
