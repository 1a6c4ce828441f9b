import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
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

const poster = (nav: Navigateur, url: string, type: string, payload: string) =>
  nav.app.inject({
    method: 'POST',
    url,
    remoteAddress: nav.ip,
    headers: { cookie: [...nav.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': type },
    payload,
  });

const compter = async (table: 'import_tache' | 'referentiel_depot') =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

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
    attendreRefus(await poster(orga, url, 'multipart/form-data', 'abc'), champ);
    const coupe = tronque({ _csrf: orga.csrf! });
    attendreRefus(await poster(orga, url, 'multipart/form-data; boundary=XYZ', coupe), champ);
    expect(await compter('import_tache')).toBe(avant);
  });

  it('/gestion/imports/classeur (gestionnaire): the same', async () => {
    await gest.get('/gestion/imports');
    const url = '/gestion/imports/classeur';
    attendreRefus(await poster(gest, url, 'multipart/form-data', 'abc'), 'fichier-classeur');
    const coupe = tronque({ _csrf: gest.csrf! });
    attendreRefus(await poster(gest, url, 'multipart/form-data; boundary=XYZ', coupe), 'fichier-classeur');
    expect(await compter('import_tache')).toBe(0);
  });

  it('/gestion/referentiels: the same', async () => {
    await gest.get('/gestion/referentiels');
    const url = '/gestion/referentiels';
    attendreRefus(await poster(gest, url, 'multipart/form-data', 'abc'), 'fichier');
    const coupe = tronque({ _csrf: gest.csrf!, kind: 'dgefp' });
    attendreRefus(await poster(gest, url, 'multipart/form-data; boundary=XYZ', coupe), 'fichier');
    expect(await compter('referentiel_depot')).toBe(0);
  });

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
