import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormationQuerySchema } from '../../src/contract/formations.schemas.ts';
import { bearer, formationFixture, type TestApi, testApi } from '../api/helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';

// Issue 15, defect 8: a NUL character (or a lone UTF-16 surrogate) in a filter, an id, a JSON text
// field or a page's query answered 500. Now: 400, the field named, nothing stored, no stack trace.

describe('NUL characters and lone surrogates', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await testApi();
  });
  afterAll(() => t.close());

  const compter = () => compterLignes(t.ctx.db, 'formation');
  const refuse = (r: { statusCode: number; body: string; json(): unknown }, champ: string) => {
    expect(r.statusCode, champ).toBe(400);
    expect(r.json(), champ).toMatchObject({ code: 'CARACTERE_INTERDIT', champ });
    expect(r.body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+|invalid byte sequence/);
  };

  it('refuses %00 in every filter of the formation list, and in an id', async () => {
    for (const filtre of Object.keys(FormationQuerySchema.shape)) {
      refuse(await t.app.inject({ method: 'GET', url: `/api/v1/formations?${filtre}=a%00b` }), filtre);
    }
    refuse(await t.app.inject({ method: 'GET', url: '/api/v1/formations/fo_1%00' }), 'id');
    refuse(await t.app.inject({ method: 'GET', url: '/api/v1/changes?since=1%00' }), 'since');
  });

  it('refuses "\\u0000" or a lone surrogate in any text field of a JSON body, naming its path', async () => {
    const avant = await compter();
    const poster = (payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        headers: { ...bearer(t.keys.writeA), 'content-type': 'application/json' },
        payload,
      });
    const f = formationFixture({ cle_externe: 'NUL' });
    refuse(await poster(JSON.stringify({ ...f, intitule: 'BTS\u0000MCO' })), 'intitule');
    const corps = JSON.stringify(f).replace('"Lyon"', '"Ly\\ud800on"');
    expect(corps).toContain('\\ud800');
    refuse(await poster(corps), 'sessions.0.lieu.commune');
    expect(await compter()).toBe(avant);
    expect((await poster(JSON.stringify(f))).statusCode).toBe(201);
  });

  it('answers a French HTML error page on the public pages', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/?q=%00' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('caractère interdit');
    expect(r.body).toContain('« q »');
  });
});

describe('a query string whose percent-encoded bytes are not UTF-8', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await testApi();
  });
  afterAll(() => t.close());

  it('is refused by the API, the field named, like a NUL character', async () => {
    for (const [url, champ] of [
      ['/api/v1/formations?q=%ED%A0%80', 'q'],
      ['/api/v1/formations?q=%C3%28', 'q'],
      ['/api/v1/formations?region=52&ou=Nantes%FF', 'ou'],
    ] as const) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(400);
      expect(r.json(), url).toMatchObject({ code: 'CARACTERE_INTERDIT', champ });
      expect(r.json().detail, url).toContain(
        `Le champ « ${champ} » contient des octets qui ne sont pas du texte UTF-8`,
      );
    }
  });

  it('is refused by the search page with a French HTML page naming the field', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/?q=%C3%28' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('« q » contient des octets qui ne sont pas du texte UTF-8 valide');
  });

  it('keeps valid UTF-8, a lone « % » and « + » as text', async () => {
    for (const url of [
      '/?q=%C3%A9b%C3%A9niste',
      '/?q=50%25',
      '/?q=50%',
      '/?q=bac+pro',
      '/api/v1/formations?q=caf%C3%A9',
    ]) {
      const r = await t.app.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(200);
    }
  });
});
