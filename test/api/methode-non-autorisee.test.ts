import { describe, expect, it } from 'vitest';
import { bearer, useTestApi } from './helpers.ts';

// A known address asked with a method it does not serve is 405 with an Allow header listing the
// methods it serves (RFC 9110 §15.5.6), never the 404 « Aucune route » of an unknown address: the
// router itself says which methods each address takes, for every route of the API and the pages.

const t = useTestApi();

/** The methods of an Allow header, as a set. */
const allow = (h: unknown) =>
  new Set(
    String(h ?? '')
      .split(',')
      .map((m) => m.trim())
      .filter(Boolean),
  );

describe('API: a known address with a method it does not serve', () => {
  it('DELETE /api/v1/formations: 405 METHODE_NON_AUTORISEE, Allow: GET, HEAD, POST', async () => {
    const r = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
    });
    expect(r.statusCode, r.body).toBe(405);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(allow(r.headers.allow)).toEqual(new Set(['GET', 'HEAD', 'POST']));
    expect(r.json()).toMatchObject({
      code: 'METHODE_NON_AUTORISEE',
      status: 405,
      title: 'Méthode non autorisée sur cette adresse',
      detail:
        'La méthode DELETE n’est pas acceptée sur /api/v1/formations : méthodes acceptées GET, HEAD, POST.',
    });
  });

  it('a parameterised route: PATCH /api/v1/formations/{id} lists GET, HEAD, PUT', async () => {
    const r = await t.app.inject({ method: 'PATCH', url: '/api/v1/formations/fo_inconnue?x=1' });
    expect(r.statusCode, r.body).toBe(405);
    expect(allow(r.headers.allow)).toEqual(new Set(['GET', 'HEAD', 'PUT']));
    expect(r.json().detail).toBe(
      'La méthode PATCH n’est pas acceptée sur /api/v1/formations/fo_inconnue : méthodes acceptées GET, HEAD, PUT.',
    );
  });

  it('routing first: the body of a wrong-method request is not judged (a/b/c, broken JSON)', async () => {
    for (const [type, payload] of [
      ['a/b/c', 'x'],
      ['application/json', '{pas du json'],
    ]) {
      const r = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/formations',
        headers: { ...bearer(t.keys.writeA), 'content-type': type! },
        payload,
      });
      expect(r.statusCode, r.body).toBe(405);
      expect(r.json().code).toBe('METHODE_NON_AUTORISEE');
    }
  });

  it('an unknown address stays 404 INTROUVABLE, whatever the method', async () => {
    for (const method of ['GET', 'DELETE', 'POST'] as const) {
      const r = await t.app.inject({ method, url: '/api/v1/rien' });
      expect(r.statusCode, r.body).toBe(404);
      expect(r.headers.allow).toBeUndefined();
      expect(r.json()).toMatchObject({ code: 'INTROUVABLE', detail: `Aucune route ${method} /api/v1/rien.` });
    }
  });

  it('a served method is unchanged (GET, HEAD of the same address)', async () => {
    expect((await t.app.inject({ url: '/api/v1/formations' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'HEAD', url: '/api/v1/formations' })).statusCode).toBe(200);
  });
});

describe('pages: a known address with a method it does not serve', () => {
  it('POST / (the search page): the French 405 page with Allow, not « Page introuvable »', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'q=cap',
    });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(405);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(allow(r.headers.allow)).toEqual(new Set(['GET', 'HEAD']));
    expect(r.body).toContain('<html lang="fr"');
    expect(r.body).toContain('Méthode non autorisée');
    expect(r.body).toContain('Cette adresse ne reçoit pas de formulaire');
    expect(r.body).not.toContain('Page introuvable');
    expect(r.body).not.toMatch(/Formulaire expiré/);
  });

  it('an unknown page stays the 404 page', async () => {
    const r = await t.app.inject({ method: 'DELETE', url: '/nimporte-quoi' });
    expect(r.statusCode).toBe(404);
    expect(r.headers.allow).toBeUndefined();
    expect(r.body).toContain('Page introuvable');
  });
});
