import { describe, expect, it } from 'vitest';
import { ERREURS } from '../../src/domain/errors.catalogue.ts';
import { bearer, countRows, formationFixture, useTestApi } from './helpers.ts';

// A route that takes a JSON body reads only JSON. Its Content-Type is checked before the body is
// read, as the upload routes' (`consumes`) is: any other type is 415 TYPE_CONTENU naming the type
// accepted. Fastify reads text/plain as a string (the refusal was a 400 « Le corps de la requête
// doit être un objet ») and an URL-encoded form as an object (`intitule=BTS` created a formation).
// A Content-Type that names no type (`;;;`) is not an absent header: 415 TYPE_CONTENU saying so.
// A route without a body keeps taking a request without Content-Type nor body.

const t = useTestApi();
const f = formationFixture({ cle_externe: 'TYPE-CONTENU' });

const envoyer = (
  method: 'POST' | 'PUT',
  url: string,
  type: string | undefined,
  corps: string,
  cle = t.keys.writeA,
) =>
  t.app.inject({
    method,
    url,
    headers: { ...bearer(cle), ...(type === undefined ? {} : { 'content-type': type }) },
    payload: corps,
  });

const ENVOYEZ = 'envoyez le corps en JSON avec l’en-tête Content-Type « application/json ».';

describe('JSON routes: Content-Type checked before the body is read', () => {
  it.each([
    ['text/plain', 'intitule=BTS'],
    ['application/x-www-form-urlencoded', 'intitule=BTS'],
    ['application/x-evil', 'intitule=BTS'],
    ['text/plain; charset=utf-8', JSON.stringify(f)],
    ['multipart/form-data; boundary=x', '--x--'],
  ])('POST /formations as %s: 415 TYPE_CONTENU, nothing stored', async (type, corps) => {
    const avant = await countRows(t.ctx, 'historique');
    const r = await envoyer('POST', '/api/v1/formations', type, corps);
    expect(r.statusCode, r.body).toBe(415);
    expect(r.json()).toMatchObject({
      code: 'TYPE_CONTENU',
      title: ERREURS.TYPE_CONTENU.titre,
      detail: `Le type de contenu « ${type.split(';')[0]} » n’est pas accepté par cette route : ${ENVOYEZ}`,
      types_acceptes: ['application/json'],
    });
    expect(await countRows(t.ctx, 'historique')).toBe(avant);
  });

  it('every route with a JSON body: PUT /formations/{id}, POST …/sessions, POST /admin/cles', async () => {
    const cree = await envoyer('POST', '/api/v1/formations', 'application/json', JSON.stringify(f));
    expect(cree.statusCode, cree.body).toBe(201);
    const id = cree.json().id;
    for (const [method, url, cle] of [
      ['PUT', `/api/v1/formations/${id}`, t.keys.writeA],
      ['POST', `/api/v1/formations/${id}/sessions`, t.keys.writeA],
      ['POST', '/api/v1/admin/cles', t.keys.admin],
    ] as const) {
      const r = await envoyer(method, url, 'text/plain', '{}', cle);
      expect(r.statusCode, `${method} ${url} ${r.body}`).toBe(415);
      expect(r.json().code).toBe('TYPE_CONTENU');
    }
  });

  it('a body without Content-Type: 415 saying the header is absent', async () => {
    const r = await envoyer('POST', '/api/v1/formations', undefined, JSON.stringify(f));
    expect(r.statusCode, r.body).toBe(415);
    expect(r.json()).toMatchObject({
      code: 'TYPE_CONTENU',
      detail: `Aucun type de contenu (en-tête Content-Type absent) : ${ENVOYEZ}`,
    });
  });

  it('a Content-Type naming no type (« ;;; »): 415, never read as an absent header', async () => {
    for (const type of [';;;', 'json', '/json', 'application/']) {
      const r = await envoyer('POST', '/api/v1/formations', type, JSON.stringify(f));
      expect(r.statusCode, r.body).toBe(415);
      expect(r.json()).toMatchObject({
        code: 'TYPE_CONTENU',
        detail: `L’en-tête Content-Type « ${type} » ne donne pas de type de contenu (type/sous-type, par exemple « application/json ») : ${ENVOYEZ}`,
      });
    }
    const lheo = await envoyer('POST', '/api/v1/imports/lheo', ';;;', '<lheo/>');
    expect(lheo.statusCode, lheo.body).toBe(415);
    expect(lheo.json()).toMatchObject({
      code: 'TYPE_CONTENU',
      detail:
        'L’en-tête Content-Type « ;;; » ne donne pas de type de contenu (type/sous-type, par exemple « application/xml ») : envoyez le fichier avec l’en-tête Content-Type « application/xml » ou « text/xml ».',
    });
  });

  // Was Fastify's generic 415 TYPE_NON_PRIS_EN_CHARGE (« envoyez du JSON », no types_acceptes):
  // the header is judged before the body is read, so an empty body changes nothing.
  it('a Content-Type not taken, with an EMPTY body: the same 415 TYPE_CONTENU with types_acceptes', async () => {
    for (const [url, type, acceptes] of [
      ['/api/v1/formations', ';;;', ['application/json']],
      ['/api/v1/formations', 'a/b/c', ['application/json']],
      ['/api/v1/formations', 'application/x-evil', ['application/json']],
      ['/api/v1/formations', 'text/plain', ['application/json']],
      ['/api/v1/imports/lheo', ';;;', ['application/xml', 'text/xml']],
      [
        '/api/v1/imports/classeur',
        'a/b/c',
        [expect.any(String), 'application/octet-stream', 'multipart/form-data'],
      ],
    ] as const) {
      const r = await envoyer('POST', url, type, '');
      expect(r.statusCode, `${url} ${type} ${r.body}`).toBe(415);
      expect(r.json()).toMatchObject({ code: 'TYPE_CONTENU', types_acceptes: acceptes });
      expect(r.json().detail).toContain(`« ${type} »`);
    }
  });

  it('JSON with parameters or in capitals is JSON', async () => {
    for (const [i, type] of [
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json;;;',
    ].entries()) {
      const r = await envoyer(
        'POST',
        '/api/v1/formations',
        type,
        JSON.stringify({ ...f, cle_externe: `TYPE-CONTENU-${i}` }),
      );
      expect(r.statusCode, `${type} ${r.body}`).toBe(201);
    }
  });

  it('a route without a body: no Content-Type and no body, or an empty JSON body, still work', async () => {
    const cree = await envoyer(
      'POST',
      '/api/v1/formations',
      'application/json',
      JSON.stringify({ ...f, cle_externe: 'TYPE-CONTENU-SANS-CORPS' }),
    );
    const id = cree.json().id;
    const nu = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/publier`,
      headers: bearer(t.keys.writeA),
    });
    expect(nu.statusCode, nu.body).toBe(200);
    const vide = await t.app.inject({
      method: 'POST',
      url: `/api/v1/admin/cles/inconnue/revocation`,
      headers: { ...bearer(t.keys.admin), 'content-type': 'application/json' },
      payload: '',
    });
    expect(vide.json().code, vide.body).not.toBe('TYPE_CONTENU');
  });

  // Review 05/12: docs/api.md says a route without a body does not read the one it is sent,
  // whatever its type; a malformed or unknown Content-Type was Fastify's 415
  // TYPE_NON_PRIS_EN_CHARGE (« envoyez du JSON ») there. Ignored now, as documented: the route
  // answers as without a body (the CSRF check of a session does not depend on the body's type).
  it.each([
    [';;;', ''],
    [';;;', 'abc'],
    ['json', '{}'],
    ['a/b/c', 'abc'],
    ['application/x-evil', 'abc'],
    ['text/plain', 'bonjour'],
    ['multipart/form-data', 'abc'],
    ['application/json', '{"pas": "lu"'],
  ])('a route without a body ignores a body sent as « %s »: publier answers 200', async (type, corps) => {
    const cree = await envoyer(
      'POST',
      '/api/v1/formations',
      'application/json',
      JSON.stringify({ ...f, cle_externe: `SANS-CORPS-${type}-${corps.length}` }),
    );
    expect(cree.statusCode, cree.body).toBe(201);
    const r = await envoyer('POST', `/api/v1/formations/${cree.json().id}/publier`, type, corps);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ id: cree.json().id });
    // A GET never reads a body either.
    const lu = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${cree.json().id}`,
      headers: { ...bearer(t.keys.writeA), 'content-type': type },
      payload: corps,
    });
    expect(lu.statusCode, lu.body).toBe(200);
  });
});
