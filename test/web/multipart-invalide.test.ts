import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { texte } from './imports.helpers.ts';

// A fresh user's report (04/12): an upload form whose multipart body cannot be read — no boundary
// in the Content-Type, a body cut off in the middle of the file — answered the 500 « Erreur
// interne » page (busboy's « Boundary not found », « Part terminated early… » in the log). It is
// the form that is wrong: the form again, 400, the French error on the file field, nothing stored.

let t: TestWeb;
let orga: Navigateur;
let gest: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const [o, g] = await Promise.all([
    compte(t, { email: 'mp@cfa-a.test', role: 'organisme', siren: SIREN_A }),
    compte(t, { email: 'mp@region.test', role: 'gestionnaire', region: '84' }),
  ]);
  orga = new Navigateur(t.app, '10.41.0.1');
  gest = new Navigateur(t.app, '10.41.0.2');
  await orga.seConnecter(o.email, o.motDePasse);
  await gest.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t.close());

const partie = (nom: string, valeur: string) =>
  `--XYZ\r\nContent-Disposition: form-data; name="${nom}"\r\n\r\n${valeur}\r\n`;

/** The form's fields (its `_csrf` first, as the pages send it), then a file cut off after « abc ». */
const tronque = (champs: Record<string, string>) =>
  `${Object.entries(champs)
    .map(([k, v]) => partie(k, v))
    .join(
      '',
    )}--XYZ\r\nContent-Disposition: form-data; name="fichier"; filename="a.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nabc`;

const poster = (
  nav: Navigateur,
  url: string,
  type: string,
  payload: string,
  enTetes: Record<string, string> = {},
) =>
  nav.app.inject({
    method: 'POST',
    url,
    remoteAddress: nav.ip,
    headers: {
      cookie: [...nav.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': type,
      ...enTetes,
    },
    payload,
  });

/** A form without boundary holds no readable `_csrf` field: its token comes in the header, as a script sends it. */
const jeton = (nav: Navigateur) => ({ 'x-csrf-token': nav.csrf! });

const compter = (table: 'import_tache' | 'referentiel_depot') => compterLignes(t.ctx.db, table);

/** The form again, 400, the French refusal under the file field `champ`; never the 500 page. */
function attendreRefus(r: { statusCode: number; body: string }, champ: string) {
  expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(400);
  const p = texte(r.body);
  expect(p).not.toContain('Erreur interne');
  expect(p).toMatch(
    /Le fichier envoyé est incomplet ou mal formé \(formulaire multipart illisible : .+\) : renvoyez-le\./,
  );
  // DSFR: the message is the field's own error (its id names the field).
  expect(r.body).toMatch(new RegExp(`id="${champ}-erreur"[^>]*>\\s*Le fichier envoyé est incomplet`));
  expect(r.body).not.toMatch(/Boundary|terminated early|multipart data/);
}

describe('an upload form whose multipart body cannot be read', () => {
  it.each([
    ['/espace/imports/classeur', 'fichier-classeur'],
    ['/espace/imports/lheo', 'fichier-lheo'],
  ])('%s (organisme): no boundary, a body cut off: the form again, 400', async (url, champ) => {
    await orga.get('/espace/imports');
    const avant = await compter('import_tache');
    attendreRefus(await poster(orga, url, 'multipart/form-data', 'abc', jeton(orga)), champ);
    const coupe = tronque({ _csrf: orga.csrf! });
    attendreRefus(await poster(orga, url, 'multipart/form-data; boundary=XYZ', coupe), champ);
    expect(await compter('import_tache')).toBe(avant);
  });

  it('/gestion/imports/classeur (gestionnaire): the same', async () => {
    await gest.get('/gestion/imports');
    const url = '/gestion/imports/classeur';
    attendreRefus(await poster(gest, url, 'multipart/form-data', 'abc', jeton(gest)), 'fichier-classeur');
    const coupe = tronque({ _csrf: gest.csrf! });
    attendreRefus(await poster(gest, url, 'multipart/form-data; boundary=XYZ', coupe), 'fichier-classeur');
    expect(await compter('import_tache')).toBe(0);
  });

  it('/gestion/referentiels: the same', async () => {
    await gest.get('/gestion/referentiels');
    const url = '/gestion/referentiels';
    attendreRefus(await poster(gest, url, 'multipart/form-data', 'abc', jeton(gest)), 'fichier');
    const coupe = tronque({ _csrf: gest.csrf!, kind: 'dgefp' });
    attendreRefus(await poster(gest, url, 'multipart/form-data; boundary=XYZ', coupe), 'fichier');
    expect(await compter('referentiel_depot')).toBe(0);
  });

  // A fresh user's report (04/12): without a boundary the form was read (and refused 400) before
  // its token was checked; a form that cannot be read holds no token: the CSRF refusal first, as
  // for a readable form without its token — and sign-in before that. Review 05/12: that refusal,
  // « Formulaire expiré », was wrong for a signed-in user whose form was merely sent without its
  // boundary (its token may well be good, it cannot be read): a session with its CSRF cookie is
  // told what is wrong (400 MULTIPART_INVALIDE, nothing read nor stored); one without it still gets
  // the CSRF refusal (403), as does a wrong token in X-CSRF-Token.
  it.each([
    ['/espace/imports/classeur', 'fichier-classeur', () => orga],
    ['/espace/imports/lheo', 'fichier-lheo', () => orga],
    ['/gestion/imports/classeur', 'fichier-classeur', () => gest],
    ['/gestion/referentiels', 'fichier', () => gest],
  ])(
    '%s: no boundary is the form’s refusal (400) with the session’s CSRF cookie, the CSRF refusal (403) without',
    async (url, champ, qui) => {
      const sansCookieCsrf = new Navigateur(t.app, qui().ip);
      for (const [k, v] of qui().cookies) if (k !== 'offre_csrf') sansCookieCsrf.cookies.set(k, v);
      for (const corps of [
        'abc',
        `--XYZ\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${qui().csrf}`,
      ])
        for (const type of ['multipart/form-data', 'multipart/form-data; boundary=']) {
          const r = await poster(qui(), url, type, corps);
          expect(r.statusCode, `${type} ${texte(r.body).slice(0, 300)}`).toBe(400);
          expect(r.body).toMatch(
            new RegExp(
              `id="${champ}-erreur"[^>]*>\\s*Le fichier envoyé est incomplet ou mal formé \\(formulaire multipart illisible : l’en-tête Content-Type ne donne pas la limite \\(boundary\\) entre les parties\\)`,
            ),
          );
          const sans = await poster(sansCookieCsrf, url, type, corps);
          expect(sans.statusCode, `${type} ${texte(sans.body).slice(0, 300)}`).toBe(403);
          expect(texte(sans.body)).toContain('Formulaire expiré');
          expect(await compter('import_tache')).toBe(0);
          expect(await compter('referentiel_depot')).toBe(0);
        }
      const faux = await poster(qui(), url, 'multipart/form-data', 'abc', { 'x-csrf-token': 'faux' });
      expect(faux.statusCode).toBe(403);
    },
  );

  it('anonymous: no boundary is sent to sign in first, as a readable upload', async () => {
    const anonyme = new Navigateur(t.app, '10.41.0.3');
    for (const url of ['/espace/imports/classeur', '/gestion/imports/classeur', '/gestion/referentiels']) {
      const r = await poster(anonyme, url, 'multipart/form-data', 'abc');
      expect(r.statusCode, url).toBe(303);
      expect(r.headers.location).toMatch(/^\/connexion\?/);
    }
  });

  // Was « L’envoi du fichier a échoué (formulaire incomplet ou interrompu) : réessayez. », 400.
  it.each([
    ['/espace/imports/classeur', 'fichier-classeur', () => orga, {}, 5],
    ['/gestion/referentiels', 'fichier', () => gest, { kind: 'dgefp' }, 3],
  ] as const)(
    '%s: a form over its fields limit, 413 in French under the file field',
    async (url, champ, qui, en_plus, n) => {
      const nav = qui();
      await nav.get(url.startsWith('/espace') ? '/espace/imports' : url);
      const champs = {
        _csrf: nav.csrf!,
        ...en_plus,
        ...Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`x${i}`, 'v'])),
      };
      const corps = `${Object.entries(champs)
        .map(([k, v]) => partie(k, v))
        .join(
          '',
        )}--XYZ\r\nContent-Disposition: form-data; name="fichier"; filename="a.xlsx"\r\n\r\nabc\r\n--XYZ--\r\n`;
      const r = await poster(nav, url, 'multipart/form-data; boundary=XYZ', corps);
      expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(413);
      expect(r.body).toMatch(
        new RegExp(
          `id="${champ}-erreur"[^>]*>\\s*Le formulaire envoyé contient plus de ${n} champs en plus du fichier : retirez ce qui est en trop et renvoyez le formulaire avec son fichier \\(champ « fichier »\\)\\.`,
        ),
      );
      expect(await compter('import_tache')).toBe(0);
      expect(await compter('referentiel_depot')).toBe(0);
    },
  );

  it('a good token is still required before the file is read: a cut-off form without it is refused (403)', async () => {
    const r = await poster(
      orga,
      '/espace/imports/classeur',
      'multipart/form-data; boundary=XYZ',
      tronque({ _csrf: 'faux' }),
    );
    expect(r.statusCode).toBe(403);
  });
});
