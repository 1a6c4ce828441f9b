import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels, sessionForm } from './espace.helpers.ts';

// A fresh user's report (07/12, RGAA 8.6): after a refused submit the title stayed « Connexion –
// Offre », « Nouvelle formation – Offre », « Nouvelle session – Offre ». One rule of the layout: a
// page rendered with the error summary has a title starting « Erreur : », as the search page's.

let t: TestWeb;
let org: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@titres.test', role: 'organisme', siren: SIREN_A }, '10.47.0.1');
});
afterAll(() => t?.close());

const titre = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

describe('the title of a page whose form was refused', () => {
  it('/connexion: « Erreur : Connexion – Offre », and « Connexion – Offre » before', async () => {
    const nav = new Navigateur(t.app, '10.47.0.2');
    expect(titre((await nav.get('/connexion')).body)).toBe('Connexion – Offre');
    const r = await nav.post('/connexion', { email: 'personne@titres.test', mot_de_passe: 'pas le bon' });
    expect(r.body).toContain('id="resume-erreurs"');
    expect(titre(r.body)).toBe('Erreur : Connexion – Offre');
  });

  it('a new formation and a new session refused: « Erreur : » first', async () => {
    const f = await org.post('/espace/formations/nouvelle', { action: 'enregistrer', intitule: '' });
    expect(f.statusCode).toBe(400);
    expect(titre(f.body)).toBe('Erreur : Nouvelle formation – Offre');
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Titres' }));
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    expect(titre((await org.get(url)).body)).toBe('Nouvelle session – Offre');
    const s = await org.post(url, sessionForm({ debut: '2027-09-01', fin: '2027-06-30' }));
    expect(s.statusCode).toBe(400);
    expect(titre(s.body)).toBe('Erreur : Nouvelle session – Offre');
  });

  it('the search page keeps its own (« Erreur : » once)', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/?rayon_km=abc&ou=Nantes' });
    expect(titre(r.body)).not.toMatch(/Erreur : Erreur/);
  });
});
