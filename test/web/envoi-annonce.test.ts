import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';

// Review 05/12: a CFA user sending a 57 Mo LHEO file from /espace/imports got its 413 « dépasse
// 50 Mo » only after 190 s — once the whole body was received: the size was checked on the bytes
// read, never on the length the request announces. Every upload route now refuses a request whose
// Content-Length cannot hold a file within its limit at once, with the same code and sentence,
// and closes the connection. Over a real socket: the request's headers (and, for a page's form,
// the first bytes a browser sends: the CSRF token and the file part's headers) announce 60 Mo,
// the rest is never sent; the answer must come anyway.

let t: TestWeb;
let port: number;
let orga: Navigateur;
let gest: Navigateur;
let cle: string;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await upsertOrganismes(
    t.ctx.db,
    [{ siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: null, nda: null }],
    t.ctx.now(),
    { remplacer: false },
  );
  const [o, g] = await Promise.all([
    compte(t, { email: 'env@cfa-a.test', role: 'organisme', siren: SIREN_A }),
    compte(t, { email: 'env@region.test', role: 'gestionnaire', region: '84' }),
  ]);
  orga = new Navigateur(t.app, '10.43.0.1');
  gest = new Navigateur(t.app, '10.43.0.2');
  await orga.seConnecter(o.email, o.motDePasse);
  await gest.seConnecter(g.email, g.motDePasse);
  cle = (await createApiKey(t.ctx, { name: 'env', scope: 'write', siren: SIREN_A })).key;
  const adresse = await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = Number(new URL(adresse).port);
});
afterAll(() => t?.close());

const cookies = (n: Navigateur) => [...n.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

const ANNONCE = 60 * 1024 * 1024;
const LIMITE = '----offre-envoi';

/**
 * Sends the request line, `entetes` and `debut` (the first bytes of the body), never the rest of
 * the ANNONCE bytes announced; resolves with the answer's status and body once the server has
 * answered and closed the connection (or after 10 s, an answer on a connection left open), or
 * rejects after 10 s without an answer.
 */
function envoyer(url: string, entetes: Record<string, string>, debut = '', attente = 10_000) {
  return new Promise<{ status: number; entetes: string; corps: string; ms: number }>((resolve, reject) => {
    const debutMs = Date.now();
    const s = connect(port, '127.0.0.1');
    let recu = '';
    const minuterie = setTimeout(() => {
      s.destroy();
      // An answer sent on a connection left open (the CSRF refusal drains the body): still an answer.
      if (/^HTTP\/1\.1 \d+/.test(recu)) fin();
      else reject(new Error(`aucune réponse en ${attente} ms (${recu.slice(0, 80)})`));
    }, attente);
    const fin = () => {
      clearTimeout(minuterie);
      const [tete = '', ...reste] = recu.split('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d+)/.exec(tete)?.[1]),
        entetes: tete.toLowerCase(),
        corps: reste.join('\r\n\r\n'),
        ms: Date.now() - debutMs,
      });
    };
    s.on('data', (d) => {
      recu += d.toString('utf8');
    });
    s.on('end', fin);
    s.on('error', () => fin());
    s.write(
      `POST ${url} HTTP/1.1\r\nHost: offre.test\r\nContent-Length: ${ANNONCE}\r\n${Object.entries(entetes)
        .map(([k, v]) => `${k}: ${v}\r\n`)
        .join('')}\r\n${debut}`,
    );
  });
}

/** The start of a page's upload form: its fields, then the file part's headers and a few bytes. */
const debutFormulaire = (champs: [string, string][], nomFichier: string) =>
  `${champs
    .map(([k, v]) => `--${LIMITE}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join(
      '',
    )}--${LIMITE}\r\nContent-Disposition: form-data; name="fichier"; filename="${nomFichier}"\r\nContent-Type: application/octet-stream\r\n\r\n<?xml version="1.0"?>`;

const compter = () => compterLignes(t.ctx.db, 'import_tache');

describe('an upload announcing 60 Mo (Content-Length) is refused before its body is sent', () => {
  it.each([
    // The code is the API's for the same file (h-formes: the pages said FICHIER_TROP_VOLUMINEUX).
    [
      '/espace/imports/lheo',
      () => orga,
      [],
      'gros.xml',
      'Le fichier « gros.xml » dépasse 50 Mo.',
      'LHEO_CORPS_TROP_VOLUMINEUX',
    ],
    [
      '/espace/imports/classeur',
      () => orga,
      [],
      'gros.xlsx',
      'Le fichier « gros.xlsx » dépasse 20 Mo.',
      'CLASSEUR_TROP_VOLUMINEUX',
    ],
    [
      '/gestion/imports/classeur',
      () => gest,
      [],
      'gros.xlsx',
      'Le fichier « gros.xlsx » dépasse 20 Mo.',
      'CLASSEUR_TROP_VOLUMINEUX',
    ],
    // No API route sends a référentiel: its own code.
    [
      '/gestion/referentiels',
      () => gest,
      [['kind', 'dgefp']],
      'liste.csv',
      // « Libellé : problème. » on this page's form.
      'Fichier officiel : le fichier « liste.csv » dépasse',
      'FICHIER_TROP_VOLUMINEUX',
    ],
  ] as const)(
    'page %s: 413, the French refusal under the file field, connection closed',
    async (url, nav, champs, nom, phrase, code) => {
      const n = nav();
      await n.get(url.startsWith('/gestion/referentiels') ? url : url.replace(/\/[^/]+$/, ''));
      const avant = await compter();
      const r = await envoyer(
        url,
        { cookie: cookies(n), 'content-type': `multipart/form-data; boundary=${LIMITE}` },
        debutFormulaire([['_csrf', n.csrf!], ...(champs as unknown as [string, string][])], nom),
      );
      expect(r.status).toBe(413);
      expect(r.entetes).toContain('connection: close');
      expect(r.corps).toContain(phrase);
      expect(r.corps).toContain(code);
      expect(await compter()).toBe(avant);
    },
  );

  it('page without a valid CSRF token: still the CSRF refusal (403), not the size', async () => {
    const r = await envoyer(
      '/espace/imports/lheo',
      { cookie: cookies(orga), 'content-type': `multipart/form-data; boundary=${LIMITE}` },
      debutFormulaire([['_csrf', 'faux']], 'gros.xml'),
      3000,
    );
    expect(r.status).toBe(403);
  });

  it('API POST /api/v1/imports/lheo: 413 LHEO_CORPS_TROP_VOLUMINEUX, headers only', async () => {
    const r = await envoyer('/api/v1/imports/lheo?dry_run=true', {
      authorization: `Bearer ${cle}`,
      'content-type': 'application/xml',
    });
    expect(r.status).toBe(413);
    expect(r.entetes).toContain('connection: close');
    expect(JSON.parse(r.corps).code).toBe('LHEO_CORPS_TROP_VOLUMINEUX');
  });

  it('API POST /api/v1/imports/classeur (multipart form): 413 CLASSEUR_TROP_VOLUMINEUX, headers only', async () => {
    const r = await envoyer('/api/v1/imports/classeur', {
      authorization: `Bearer ${cle}`,
      'content-type': `multipart/form-data; boundary=${LIMITE}`,
    });
    expect(r.status).toBe(413);
    expect(r.entetes).toContain('connection: close');
    const corps = JSON.parse(r.corps);
    expect([corps.code, corps.detail]).toEqual(['CLASSEUR_TROP_VOLUMINEUX', 'Le classeur dépasse 20 Mo.']);
  });

  it('API POST /api/v1/imports/classeur (raw .xlsx body): 413, headers only', async () => {
    const r = await envoyer('/api/v1/imports/classeur', {
      authorization: `Bearer ${cle}`,
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.corps).code).toBe('TROP_VOLUMINEUX');
  });
});
