import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { fixture } from '../referentiels/helpers.ts';
import { texte } from './imports.helpers.ts';

// The pages' upload forms over real HTTP (fetch, FormData as a browser builds it).
// Review 05/12: a form with a second file part was taken with its first file (the job, or the
// deposit, stored): the parser's « too many files » waited for a part nobody asked for. The rest of
// the form is now read before anything is stored: 413, the French refusal under the file field.
// And a form posted as multipart/form-data WITHOUT its boundary (curl -H 'Content-Type:
// multipart/form-data' -F …) by a signed-in user read « Formulaire expiré » (403) although its
// token was good: the form cannot be read at all, which is what it now says (400), and nothing is
// written; without the session's CSRF cookie it stays the CSRF refusal.

let t: TestWeb;
let base: string;
let orga: Navigateur;
let gest: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const [o, g] = await Promise.all([
    compte(t, { email: 'mf@cfa-a.test', role: 'organisme', siren: SIREN_A }),
    compte(t, { email: 'mf@region.test', role: 'gestionnaire', region: '84' }),
  ]);
  orga = new Navigateur(t.app, '10.42.0.1');
  gest = new Navigateur(t.app, '10.42.0.2');
  await orga.seConnecter(o.email, o.motDePasse);
  await gest.seConnecter(g.email, g.motDePasse);
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t?.close());

const XLSX = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(200, 1)]);
const XML = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><lheo xmlns="http://www.lheo.org/2.3"/>');
const DGEFP = readFileSync(fixture('organismes/liste-publique-of.csv'));

type Partie = [nom: string, valeur: string] | [nom: string, fichier: Buffer, nomFichier: string];

/** The form as a browser sends it: its parts in order, the session's cookies. */
async function poster(nav: Navigateur, url: string, parties: Partie[], type?: string) {
  const form = new FormData();
  for (const [nom, valeur, nomFichier] of parties)
    if (typeof valeur === 'string') form.append(nom, valeur);
    else form.append(nom, new Blob([new Uint8Array(valeur)]), nomFichier);
  const req = new Request('http://offre.test/', { method: 'POST', body: form });
  const r = await fetch(`${base}${url}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: [...nav.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      // `type`: the header as a script may send it instead (without its boundary).
      'content-type': type ?? req.headers.get('content-type')!,
    },
    body: new Uint8Array(await req.arrayBuffer()),
  });
  return { status: r.status, body: await r.text() };
}

const compter = (table: 'import_tache' | 'referentiel_depot') => compterLignes(t.ctx.db, table);

/** The forms: address, file field's id on the page, who posts, the fields before the file, the file. */
const FORMULAIRES = [
  ['/espace/imports/classeur', 'fichier-classeur', () => orga, [], XLSX, 'a.xlsx'],
  ['/espace/imports/lheo', 'fichier-lheo', () => orga, [], XML, 'a.xml'],
  ['/gestion/imports/classeur', 'fichier-classeur', () => gest, [], XLSX, 'a.xlsx'],
  ['/gestion/referentiels', 'fichier', () => gest, [['kind', 'dgefp']], DGEFP, 'liste.csv'],
] as const;

const pageDe = (url: string) => (url.startsWith('/gestion/referentiels') ? url : url.replace(/\/[^/]+$/, ''));

const UN_SEUL =
  'Le formulaire envoyé contient plus d’un fichier : un seul fichier est accepté (champ « fichier »). Retirez les autres et renvoyez le formulaire.';

describe('an upload form with a second file', () => {
  it.each(FORMULAIRES)(
    '%s: 413, the refusal under the file field, nothing stored',
    async (url, champ, qui, champs, contenu, nom) => {
      const nav = qui();
      await nav.get(pageDe(url));
      const avant = [await compter('import_tache'), await compter('referentiel_depot')];
      const debut: Partie[] = [['_csrf', nav.csrf!], ...champs.map(([k, v]) => [k, v] as Partie)];
      for (const suite of [
        [['fichier', contenu, `2-${nom}`]],
        [
          ['autre', contenu, `2-${nom}`],
          ['note', 'x'],
        ],
      ] as Partie[][]) {
        const r = await poster(nav, url, [...debut, ['fichier', contenu, nom], ...suite]);
        expect(r.status, texte(r.body).slice(0, 400)).toBe(413);
        expect(texte(r.body)).toContain(UN_SEUL);
        // DSFR: the message is the file field's own error.
        expect(r.body).toMatch(
          new RegExp(`id="${champ}-erreur"[^>]*>\\s*Le formulaire envoyé contient plus d’un fichier`),
        );
      }
      expect([await compter('import_tache'), await compter('referentiel_depot')]).toEqual(avant);
    },
  );

  it('a form over its parts (the token, the file, then 5 fields): 413 MULTIPART_TROP_DE_PARTIES’s sentence', async () => {
    await orga.get('/espace/imports');
    const avant = await compter('import_tache');
    const champs = [1, 2, 3, 4, 5].map((i) => [`x${i}`, 'v'] as Partie);
    const r = await poster(orga, '/espace/imports/classeur', [
      ['_csrf', orga.csrf!],
      ['fichier', XLSX, 'a.xlsx'],
      ...champs,
    ]);
    expect(r.status, texte(r.body).slice(0, 400)).toBe(413);
    expect(texte(r.body)).toContain(
      'Le formulaire envoyé contient plus de 6 parties (champs et fichiers) : retirez ce qui est en trop et renvoyez le formulaire avec son fichier (champ « fichier »).',
    );
    expect(await compter('import_tache')).toBe(avant);
  });

  it('one file, a field after it: still taken (303 to the job)', async () => {
    await orga.get('/espace/imports');
    const avant = await compter('import_tache');
    const r = await poster(orga, '/espace/imports/classeur', [
      ['_csrf', orga.csrf!],
      ['fichier', XLSX, 'a.xlsx'],
      ['note', 'x'],
    ]);
    expect(r.status, texte(r.body).slice(0, 400)).toBe(303);
    expect(await compter('import_tache')).toBe(avant + 1);
  });
});

describe('an upload form sent without its boundary (Content-Type: multipart/form-data alone)', () => {
  it.each(FORMULAIRES)(
    '%s, signed in, the token in the body: 400 saying the form could not be read, nothing stored',
    async (url, champ, qui, champs, contenu, nom) => {
      const nav = qui();
      await nav.get(pageDe(url));
      const avant = [await compter('import_tache'), await compter('referentiel_depot')];
      const parties: Partie[] = [
        ['_csrf', nav.csrf!],
        ...champs.map(([k, v]) => [k, v] as Partie),
        ['fichier', contenu, nom],
      ];
      for (const type of ['multipart/form-data', 'multipart/form-data; boundary=']) {
        const r = await poster(nav, url, parties, type);
        expect(r.status, `${type} ${texte(r.body).slice(0, 400)}`).toBe(400);
        const p = texte(r.body);
        expect(p).not.toContain('Formulaire expiré');
        expect(p).toMatch(
          /Le fichier envoyé est incomplet ou mal formé \(formulaire multipart illisible : l’en-tête Content-Type ne donne pas la limite \(boundary\) entre les parties\)/,
        );
        expect(r.body).toMatch(new RegExp(`id="${champ}-erreur"[^>]*>\\s*Le fichier envoyé est incomplet`));
      }
      expect([await compter('import_tache'), await compter('referentiel_depot')]).toEqual(avant);
    },
  );

  it('without the session’s CSRF cookie: still the CSRF refusal (403), nothing stored', async () => {
    await orga.get('/espace/imports');
    const sansJeton = new Navigateur(t.app, orga.ip);
    for (const [k, v] of orga.cookies) if (k !== 'offre_csrf') sansJeton.cookies.set(k, v);
    const r = await poster(
      sansJeton,
      '/espace/imports/classeur',
      [
        ['_csrf', orga.csrf!],
        ['fichier', XLSX, 'a.xlsx'],
      ],
      'multipart/form-data',
    );
    expect(r.status, texte(r.body).slice(0, 300)).toBe(403);
    expect(texte(r.body)).toContain('Formulaire expiré');
  });
});

// Review 05/12 (docs/api.md): an API route without a body ignores the one it is sent, whatever its
// Content-Type. Ignoring it must not ignore the CSRF check of a session write: a token sent in
// such a body is not read (none of it is), the header's is.
describe('an API route without a body, called with the session', () => {
  it('a body of any type is ignored, the CSRF token is still required (X-CSRF-Token)', async () => {
    await gest.get('/gestion');
    const appel = (type: string, corps: string, jeton?: string) =>
      fetch(`${base}/api/v1/formations/inconnue/valider`, {
        method: 'POST',
        headers: {
          cookie: [...gest.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          'content-type': type,
          ...(jeton ? { 'x-csrf-token': jeton } : {}),
        },
        body: corps,
      });
    for (const [type, corps] of [
      [';;;', `_csrf=${gest.csrf}`],
      ['application/x-www-form-urlencoded', `_csrf=${encodeURIComponent(gest.csrf!)}`],
      ['application/json', JSON.stringify({ _csrf: gest.csrf })],
    ] as const) {
      const sans = await appel(type, corps);
      expect(sans.status, type).toBe(403);
      expect((await sans.json()).code).toBe('CSRF_INVALIDE');
      const avec = await appel(type, corps, gest.csrf);
      expect(avec.status, type).toBe(404);
    }
  });
});
