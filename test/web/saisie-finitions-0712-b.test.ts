import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, espaceAvecReferentiels, ficheComplete } from './espace.helpers.ts';

// A fresh user's report (07/12), a CFA's data manager then a gestionnaire:
// - a refused « Durée du cursus » (« -1 ») came back empty on the formation form, where every
//   other field keeps what was typed;
// - with every cookie cleared (a browser restarted), « Retourner à l’organisme » got « Formulaire
//   expiré » and the comment typed was lost, where a session merely expired gives it back;
// - /instruction/formations/{id} (a guessed address) answered « Plateforme introuvable. »,
//   reading « formations » as a platform's name.

let t: TestWeb;
let org: Navigateur;

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('donnees@cfa-0712b.test', '10.72.0.1'));
}, 120_000);
afterAll(() => t?.close());

/** The value the page's « Durée du cursus » input carries. */
const duree = (html: string) =>
  /<input[^>]*id="modalites\.duree_annees"[^>]*>/.exec(html)?.[0].match(/value="([^"]*)"/)?.[1];

describe('a refused « Durée du cursus »', () => {
  it('comes back as typed, under its error, on the new formation’s form', async () => {
    await org.get('/espace/formations/nouvelle');
    const r = await org.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A, { intitule: 'Durée refusée', 'modalites.duree_annees': '-1' }),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Durée du cursus : indiquez un nombre entier de 0 à 10');
    expect(duree(r.body)).toBe('-1');
  });

  it('comes back as typed on an existing formation’s form', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Durée modifiée' }));
    const page = await org.get(`/espace/formations/${id}`);
    const version = /name="version" value="([^"]*)"/.exec(page.body)?.[1] ?? '';
    const r = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Durée modifiée', 'modalites.duree_annees': 'deux' }),
      version,
    });
    expect(r.statusCode).toBe(400);
    expect(duree(r.body)).toBe('deux');
  });
});

describe('an instruction address without a platform', () => {
  it('is « Page introuvable », saying where an offer is instructed, not « Plateforme introuvable »', async () => {
    const i = await connecte(
      t,
      { email: 'ines@ac-0712b.test', role: 'instructeur', academie: '10' },
      '10.72.0.3',
    );
    const r = await i.get('/instruction/formations/F-0001');
    expect(r.statusCode).toBe(404);
    const page = texte(r.body);
    expect(page).not.toContain('Plateforme introuvable');
    expect(page).toContain('Page introuvable');
    expect(page).toContain('/instruction/parcoursup/F-0001');
    expect(page).toContain('/instruction/affelnet/F-0001');
    expect(r.body).toContain('href="/instruction"');
  });
});

describe('a form refused as expired (no anti-forgery cookie: a browser restarted)', () => {
  it('gives back the free text typed, escaped, never acting on the request', async () => {
    const nav = new Navigateur(t.app, '10.72.0.4');
    const commentaire = 'Les dates <b>sont</b> à revoir & « le lieu »';
    const r = await nav.post(
      '/gestion/formations/fo_inconnue/retourner',
      { version: '1', commentaire },
      { csrf: null },
    );
    expect(r.statusCode).toBe(403);
    expect(texte(r.body)).toContain('Formulaire expiré');
    expect(r.headers['cache-control']).toContain('no-store');
    const echappe = 'Les dates &lt;b>sont&lt;/b> à revoir &amp; « le lieu »';
    expect(r.body).toContain(`Votre commentaire, qui n’a pas été envoyé : « ${echappe} »`);
    expect(r.body).not.toContain('<b>sont</b>');
  });
});
