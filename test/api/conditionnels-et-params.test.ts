import { describe, expect, it } from 'vitest';
import { concordeIfNoneMatch } from '../../src/domain/if-match.ts';
import { bearer, diffuseeParApi, useTestApi } from './helpers.ts';

// Defects a fresh user found: If-None-Match answering 304 for a formation that does not exist or
// with a malformed tag, /changes ignoring `cursor`, a bad région reported twice, a read key's
// list without Cache-Control: private.

const t = useTestApi();

describe('If-None-Match only for a representation that exists (RFC 9110 § 13.1.2)', () => {
  for (const inm of ['*', '"x"', 'W/"x"'])
    it(`a formation that does not exist: 404, not 304, with If-None-Match ${inm}`, async () => {
      const r = await t.app.inject({
        url: '/api/v1/formations/fo_inexistant',
        headers: { 'if-none-match': inm },
      });
      expect(r.statusCode).toBe(404);
      expect(r.headers.etag).toBeUndefined();
    });

  it('the ETag a 404 might have carried never makes a 304 of it', async () => {
    const premier = await t.app.inject({ url: '/api/v1/formations/fo_absente' });
    expect(premier.statusCode).toBe(404);
    const etag = String(premier.headers.etag ?? 'W/"aucun"');
    const r = await t.app.inject({
      url: '/api/v1/formations/fo_absente',
      headers: { 'if-none-match': etag },
    });
    expect(r.statusCode).toBe(404);
  });

  it('an existing formation: * and its tag give 304, on a miss as on a hit', async () => {
    const id = await diffuseeParApi(t, 'INM-EXISTE-1');
    for (const inm of ['*', '*']) {
      const r = await t.app.inject({ url: `/api/v1/formations/${id}`, headers: { 'if-none-match': inm } });
      expect(r.statusCode).toBe(304);
      expect(r.body).toBe('');
    }
    const ok = await t.app.inject({ url: `/api/v1/formations/${id}` });
    expect(ok.statusCode).toBe(200);
    const r = await t.app.inject({
      url: `/api/v1/formations/${id}`,
      headers: { 'if-none-match': String(ok.headers.etag) },
    });
    expect(r.statusCode).toBe(304);
  });

  it('a malformed tag matches nothing: W/W/"…", no quotes, text around', async () => {
    expect(concordeIfNoneMatch('W/W/"abc"', 'W/"abc"')).toBe(false);
    expect(concordeIfNoneMatch('abc', 'W/"abc"')).toBe(false);
    expect(concordeIfNoneMatch('x"abc"', 'W/"abc"')).toBe(false);
    expect(concordeIfNoneMatch('"abc" y', 'W/"abc"')).toBe(false);
    expect(concordeIfNoneMatch('"z", W/"abc"', 'W/"abc"')).toBe(true);
    expect(concordeIfNoneMatch(' , "a,b" ,', '"a,b"')).toBe(true);
  });

  it('through HTTP: W/W/"<etag>" gets the full 200', async () => {
    const ok = await t.app.inject({ url: '/api/v1/formations?limit=2' });
    const etag = String(ok.headers.etag);
    const r = await t.app.inject({
      url: '/api/v1/formations?limit=2',
      headers: { 'if-none-match': `W/${etag}` },
    });
    expect(r.statusCode).toBe(200);
  });
});

describe('/changes takes `cursor` as `since` (docs/api.md: every paginated route)', () => {
  it('cursor gives the same page as since', async () => {
    await diffuseeParApi(t, 'CURSOR-CHANGES-1');
    await diffuseeParApi(t, 'CURSOR-CHANGES-2');
    const h = { headers: bearer(t.keys.admin) };
    const p1 = (await t.app.inject({ url: '/api/v1/changes?limit=1', ...h })).json();
    const parSince = (
      await t.app.inject({ url: `/api/v1/changes?limit=1&since=${p1.next_cursor}`, ...h })
    ).json();
    const parCursor = await t.app.inject({ url: `/api/v1/changes?limit=1&cursor=${p1.next_cursor}`, ...h });
    expect(parCursor.statusCode).toBe(200);
    expect(parCursor.json().data[0].seq).toBeGreaterThan(p1.data[0].seq);
    expect(parCursor.json()).toEqual(parSince);
  });

  it('since and cursor both given and different: 400 in French', async () => {
    const r = await t.app.inject({ url: '/api/v1/changes?since=1&cursor=2' });
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p.code).toBe('REQUETE_INVALIDE');
    expect(p.detail).toContain('since');
    expect(p.detail).toContain('cursor');
    expect(p.detail).toContain('n’en envoyez qu’un');
    expect((await t.app.inject({ url: '/api/v1/changes?since=1&cursor=1' })).statusCode).toBe(200);
  });
});

describe('a malformed région on the exports: one error, French, catalogue code', () => {
  for (const format of ['csv', 'lheo'])
    it(`/exports/${format}?region=abc`, async () => {
      const r = await t.app.inject({ url: `/api/v1/exports/${format}?region=abc` });
      expect(r.statusCode).toBe(400);
      const p = r.json();
      expect(p.erreurs).toHaveLength(1);
      expect(p.code).toBe('REGION_INCONNUE');
      expect(p.erreurs[0]).toMatchObject({ champ: 'region', code: 'REGION_INCONNUE' });
      expect(p.detail).toContain('région « abc » inconnue');
      expect(r.body).not.toContain('invalid_format');
    });
});

describe('a read key’s answer says private; the anonymous one stays public', () => {
  it('list read with a read key: Cache-Control private; anonymous: none', async () => {
    const cle = await t.app.inject({ url: '/api/v1/formations?limit=2', headers: bearer(t.keys.read) });
    expect(cle.statusCode).toBe(200);
    expect(String(cle.headers['cache-control'])).toMatch(/\bprivate\b/);
    const anonyme = await t.app.inject({ url: '/api/v1/formations?limit=2' });
    expect(anonyme.headers['cache-control']).toBeUndefined();
  });
});
