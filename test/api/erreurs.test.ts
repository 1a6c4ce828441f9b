import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, routes } from '../../src/contract/index.ts';
import { CODES_ERREUR_HTTP, type CodeErreur, ERREURS } from '../../src/domain/errors.catalogue.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { bearer, SIRET_A } from './helpers.ts';

// Issue 14 item 4: one error handler for the whole server. The route decides the shape: under
// /api/ problem details with a catalogue code, elsewhere a French DSFR page, never problem+json,
// never a stack trace, never a 500 for bad input.

let t: TestWeb;
let admin: string;
beforeAll(async () => {
  t = await testWeb({ smtp: false });
  admin = (await createApiKey(t.ctx, { name: 'erreurs-admin', scope: 'admin' })).key;
});
afterAll(() => t.close());

const HTTP = new Set<string>(CODES_ERREUR_HTTP);

/** A page's error: French DSFR HTML, no problem details, nothing internal. */
function pageErreur(r: LightMyRequestResponse, status: number, texte?: RegExp) {
  expect(r.statusCode, r.body.slice(0, 300)).toBe(status);
  expect(r.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
  expect(r.body).toMatch(/^<!DOCTYPE html>/i);
  expect(r.body).toContain('<html lang="fr"');
  expect(r.body).toContain('/dsfr/'); // the design system's stylesheet
  expect(r.body).toContain('fr-btn'); // the page's « Retour à l’accueil »
  expect(r.body).not.toMatch(/"type":"https:\/\/offre\.example\/problemes|problem\+json/);
  expect(r.body).not.toMatch(/\bat [\w.<>]+ \(|node:internal|FST_|Error:/);
  if (texte) expect(r.body).toMatch(texte);
}

/** An API error: problem details whose code is the catalogue's, with its status and title. */
function probleme(r: LightMyRequestResponse, status: number, code?: CodeErreur) {
  expect(r.statusCode, r.body.slice(0, 300)).toBe(status);
  expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  const p = r.json();
  expect(HTTP.has(p.code), p.code).toBe(true);
  expect(p).toMatchObject({ status, title: ERREURS[p.code as CodeErreur].titre });
  expect(p.type).toBe(`https://offre.example/problemes/${p.code}`);
  expect(p.detail).toEqual(expect.any(String));
  expect(p.instance).toEqual(expect.any(String));
  if (code) expect(p.code).toBe(code);
  return p;
}

describe('pages answer errors with a French DSFR page', () => {
  it('unknown page: 404 page', async () => {
    pageErreur(await t.app.inject({ url: '/page-qui-n-existe-pas' }), 404, /Page introuvable/);
    pageErreur(await t.app.inject({ url: '/rien/ici/ni/la?x=1' }), 404, /Page introuvable/);
    // A form posted to no page: routing comes first, the 404 page (was the anti-forgery check's 403).
    pageErreur(await t.app.inject({ method: 'POST', url: '/rien/ici' }), 404, /Page introuvable/);
  });

  it('a NUL character in a page’s query or form: 400 page naming the field, never a 500', async () => {
    pageErreur(await t.app.inject({ url: '/?q=a%00b' }), 400, /champ « q » contient un caractère interdit/);
    // A form that picks the flagged field up (caracteres.plugin.ts `formulaireCaracteres`): the form
    // again, the message under its field (test/web/caracteres-formulaires.test.ts for every form).
    const nav = new Navigateur(t.app, '10.14.4.1');
    await nav.get('/connexion');
    pageErreur(
      await nav.post('/connexion', { email: 'x\u0000@offre.test', mot_de_passe: 'y' }),
      400,
      /le caractère nul \(U\+0000\), invisible, n’est pas accepté/,
    );
  });

  it('a malformed body or a body of the wrong type on a page: a page, not JSON', async () => {
    const json = await t.app.inject({
      method: 'POST',
      url: '/connexion',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    pageErreur(json, 400, /vérifiez ce que vous avez saisi/);
    const texte = await t.app.inject({
      method: 'POST',
      url: '/connexion',
      headers: { 'content-type': 'text/plain' },
      payload: 'bonjour',
    });
    // Refused before its type is read (no anti-forgery token in a text body): a page all the same.
    pageErreur(texte, 403, /Formulaire expiré/);
    const profond = await t.app.inject({
      method: 'POST',
      url: '/connexion',
      headers: { 'content-type': 'application/json' },
      payload: `${'['.repeat(500)}${']'.repeat(500)}`,
    });
    pageErreur(profond, 400, /imbriqué/);
  });

  it('the router’s own refusals (bad %-escape, over-long identifier): a page', async () => {
    pageErreur(await t.app.inject({ url: '/formations/%E0%A4%A' }), 400, /échappement « % » invalide/);
    pageErreur(await t.app.inject({ url: `/formations/${'x'.repeat(150)}` }), 414, /dépasse 100 caractères/);
  });

  it('a forbidden page: 403 page; signed out: sent to sign in; a forged form: « Formulaire expiré »', async () => {
    const o = await compte(t, { email: 'erreurs@cfa-a.test', role: 'organisme', siren: SIRET_A.slice(0, 9) });
    const nav = new Navigateur(t.app, '10.14.4.2');
    await nav.seConnecter(o.email, o.motDePasse);
    pageErreur(await nav.get('/admin'), 403, /Accès refusé/);
    const anonyme = await t.app.inject({ url: '/espace' });
    expect(anonyme.statusCode).toBe(303);
    expect(anonyme.headers.location).toMatch(/^\/connexion\?retour=%2Fespace/);
    const sansJeton = new Navigateur(t.app, '10.14.4.3');
    await sansJeton.get('/connexion');
    pageErreur(
      await sansJeton.post('/connexion', { email: o.email, mot_de_passe: 'x' }, { csrf: null }),
      403,
      /Formulaire expiré/,
    );
  });
});

describe('the API answers errors with problem details of the catalogue', () => {
  it('unknown route, invalid query, invalid JSON, NUL, no key, bad %-escape', async () => {
    expect(probleme(await t.app.inject({ url: '/api/v1/rien' }), 404, 'INTROUVABLE').detail).toMatch(
      /Aucune route GET \/api\/v1\/rien/,
    );
    const q = probleme(
      await t.app.inject({ url: '/api/v1/formations?limit=beaucoup' }),
      400,
      'REQUETE_INVALIDE',
    );
    expect(q.erreurs).toEqual([expect.objectContaining({ champ: 'limit' })]);
    expect(q.detail).toMatch(/limit/);
    probleme(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        headers: { ...bearer(admin), 'content-type': 'application/json' },
        payload: '{"intitule": ',
      }),
      400,
      'JSON_INVALIDE',
    );
    const nul = probleme(await t.app.inject({ url: '/api/v1/formations?q=%00' }), 400, 'CARACTERE_INTERDIT');
    expect(nul.champ).toBe('q');
    probleme(
      await t.app.inject({ method: 'POST', url: '/api/v1/formations', payload: { intitule: 'x' } }),
      401,
      'NON_AUTHENTIFIE',
    );
    probleme(await t.app.inject({ url: '/api/v1/formations/%E0%A4%A' }), 400, 'URL_INVALIDE');
    // /api/docs is under /api/ too.
    probleme(await t.app.inject({ url: '/api/docs/rien/du/tout' }), 404, 'INTROUVABLE');
  });

  it('every route of the contract, fed junk: a catalogue code, never a 500', async () => {
    const vus = new Set<string>();
    let requetes = 0;
    const junkParams = ['%00', 'x'.repeat(60), 'inexistant', '-1'];
    for (const r of routes) {
      for (const [i, p] of junkParams.entries()) {
        const url = API_PREFIX + r.url.replace(/:(\w+)/g, () => p);
        for (const auth of [{}, bearer(admin)]) {
          const res = await t.app.inject({
            method: r.method,
            url: `${url}${i === 0 ? '?limit=%00' : i === 1 ? '?limit=-5&cursor=%%%' : ''}`,
            headers: { ...auth, 'content-type': 'application/json' },
            ...(r.method === 'GET'
              ? {}
              : { payload: i === 2 ? '{"a":' : JSON.stringify({ a: '\u0000', b: [1] }) }),
          });
          requetes++;
          expect(res.statusCode, `${r.method} ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
          if (res.statusCode >= 400) {
            probleme(res, res.statusCode);
            vus.add(res.json().code);
          }
        }
      }
    }
    expect(requetes).toBeGreaterThan(200);
    // Several refusals were met, each of the catalogue (checked in probleme()).
    expect(vus.size, [...vus].join(', ')).toBeGreaterThanOrEqual(5);
  });
});
