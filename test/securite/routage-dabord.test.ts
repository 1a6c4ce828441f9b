import { describe, expect, it } from 'vitest';
import { bearer, useTestApi } from '../api/helpers.ts';

// Routing comes first: a request to an address no route takes is the 404, whatever its body.
// Fastify reads the body of such a request before its not-found handler: a malformed Content-Type
// (`a/b/c`, `;;;`) answered 415 TYPE_NON_PRIS_EN_CHARGE, a JSON that does not parse 400
// JSON_INVALIDE, a page form without its token 403 — for an address that does not exist.

const t = useTestApi();

describe('a request no route takes: 404, never a refusal of its body', () => {
  it.each([
    ['PATCH', '/api/v1/nimporte-quoi/123', 'a/b/c', '{}'],
    ['POST', '/api/v1/nimporte-quoi', ';;;', '{}'],
    ['POST', '/api/v1/nimporte-quoi', ';;;', ''],
    ['DELETE', '/api/v1/nimporte-quoi', 'a/b/c', 'x'],
    ['POST', '/api/v1/nimporte-quoi', 'application/json', '{pas du json'],
    ['PUT', '/api/v1/nimporte-quoi', 'application/x-www-form-urlencoded', 'a=%00'],
  ])('%s %s (Content-Type « %s »): 404 INTROUVABLE problem', async (method, url, type, payload) => {
    const r = await t.app.inject({
      method: method as 'POST',
      url,
      headers: { ...bearer(t.keys.writeA), 'content-type': type },
      payload,
    });
    expect(r.statusCode, r.body).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({
      code: 'INTROUVABLE',
      status: 404,
      detail: `Aucune route ${method} ${url}.`,
    });
  });

  // A known address with a method it does not serve: 405 (test/api/methode-non-autorisee.test.ts),
  // its body not judged either.
  it.each([
    ['PATCH', '/api/v1/formations/123', 'a/b/c', '{}'],
    ['DELETE', '/api/v1/formations', 'a/b/c', 'x'],
  ])('%s %s (Content-Type « %s »): 405 METHODE_NON_AUTORISEE problem', async (method, url, type, payload) => {
    const r = await t.app.inject({
      method: method as 'POST',
      url,
      headers: { ...bearer(t.keys.writeA), 'content-type': type },
      payload,
    });
    expect(r.statusCode, r.body).toBe(405);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'METHODE_NON_AUTORISEE', status: 405 });
  });

  it.each([
    ['POST', '/nimporte-quoi', ';;;', 'x'],
    ['PATCH', '/espace/nimporte-quoi', 'a/b/c', 'x'],
    ['POST', '/nimporte-quoi', 'application/x-www-form-urlencoded', 'a=1'],
  ])('%s %s (Content-Type « %s »): the French 404 page', async (method, url, type, payload) => {
    const r = await t.app.inject({
      method: method as 'POST',
      url,
      headers: { 'content-type': type },
      payload,
    });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(404);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toContain('Page introuvable');
    expect(r.body).not.toMatch(/Formulaire expiré|Demande invalide/);
  });

  it('an existing route keeps judging its body: POST /formations with « a/b/c » is 415 TYPE_CONTENU', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'a/b/c' },
      payload: '{}',
    });
    expect(r.statusCode, r.body).toBe(415);
    expect(r.json().code).toBe('TYPE_CONTENU');
  });
});
