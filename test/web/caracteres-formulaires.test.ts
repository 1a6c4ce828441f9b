import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import {
  connecte,
  type Navigateur as Nav,
  Navigateur,
  type TestWeb,
  testWeb,
  texte,
} from '../auth/web.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels, sessionForm } from './espace.helpers.ts';

// A fresh user's defects (h-formes): a NUL character pasted in a form field answered a bare 400
// page and the whole form was lost (caracteres.plugin.ts refused the request at the door); and the
// new-formation form said its field errors only after the « doublon possible » warning had been
// confirmed. Now: the form comes back filled, « Libellé : problème. » under the field, nothing
// stored; the duplicate warning only over valid fields. The API keeps its JSON refusal.

let t: TestWeb;
let nav: Nav;
const SIREN_A = SIRET_A.slice(0, 9);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  nav = await connecte(t, { email: 'nul@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.71.0.1');
});
afterAll(() => t.close());

const sousLeChamp = (html: string, id: string) =>
  texte(new RegExp(`id="${id.replace('.', '\\.')}-erreur">([^<]*)<`).exec(html)?.[1] ?? '').trim();

describe('a NUL character typed in a form field', () => {
  it('the formation form comes back filled, the error under the field, nothing stored', async () => {
    await nav.get('/espace/formations/nouvelle');
    const avant = await compterLignes(t.ctx.db, 'formation');
    const r = await nav.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { intitule: 'BTS\u0000 MCO', objectif: 'Un objectif à garder.' }),
    );
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('text/html');
    expect(sousLeChamp(r.body, 'intitule')).toMatch(/^Intitulé : le caractère nul \(U\+0000\)/);
    expect(r.body).toContain('value="BTS MCO"');
    expect(r.body).toContain('Un objectif à garder.');
    expect(await compterLignes(t.ctx.db, 'formation')).toBe(avant);
  });

  it('the session form too', async () => {
    const id = await creerParFormulaire(
      nav,
      ficheComplete(SIRET_A, { intitule: 'Formation des sessions NUL' }),
    );
    await nav.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await nav.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ 'lieu.adresse': '1 rue\u0000 de Rivoli', capacite: '17' }),
    );
    expect(r.statusCode).toBe(400);
    expect(sousLeChamp(r.body, 'lieu.adresse')).toMatch(/le caractère nul \(U\+0000\)/);
    expect(r.body).toContain('value="1 rue de Rivoli"');
    expect(r.body).toContain('value="17"');
    expect(await compterLignes(t.ctx.db, 'session')).toBe(0);
  });

  it('the sign-up form too (account), and the administrators’ user form', async () => {
    const anonyme = new Navigateur(t.app, '10.71.0.2');
    await anonyme.get('/inscription');
    const r = await anonyme.post('/inscription', {
      siren: '777000200',
      raison_sociale: 'CFA du Nul',
      region: '84',
      sirets: '',
      nom: 'Claire\u0000 Nul',
      email: 'claire@cfa-nul.test',
      mot_de_passe: 'une phrase de passe assez longue',
      confirmation: 'une phrase de passe assez longue',
    });
    expect(r.statusCode).toBe(400);
    expect(sousLeChamp(r.body, 'nom')).toMatch(/^Nom.* : le caractère nul \(U\+0000\)/);
    expect(r.body).toContain('value="CFA du Nul"');
    expect(await compterLignes(t.ctx.db, 'structure')).toBe(await compterLignes(t.ctx.db, 'structure'));
    const admin = await connecte(t, { email: 'adm@offre.test', role: 'admin' }, '10.71.0.3');
    await admin.get('/admin/utilisateurs');
    const a = await admin.post('/admin/utilisateurs', {
      email: 'g\u0000@region.test',
      nom: 'Gestionnaire',
      role: 'gestionnaire',
      siren: '',
      region: '84',
      academie: '',
    });
    expect(a.statusCode).toBe(400);
    expect(sousLeChamp(a.body, 'email')).toMatch(/le caractère nul \(U\+0000\)/);
    expect(a.body).toContain('value="Gestionnaire"');
  });

  it('the API still refuses it whole, in JSON, the field named', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/formations?q=a%00b' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'CARACTERE_INTERDIT', champ: 'q' });
  });
});

describe('the new-formation form with a possible duplicate', () => {
  it('says its field errors first; the duplicate warning only once the fields are valid', async () => {
    const fiche = { intitule: 'Titre unique du doublon' };
    await creerParFormulaire(nav, ficheComplete(SIRET_A, fiche));
    await nav.get('/espace/formations/nouvelle');
    const r = await nav.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { ...fiche, url: 'pas une adresse' }),
    );
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).not.toContain('Cette formation existe peut-être déjà');
    expect(sousLeChamp(r.body, 'url')).toMatch(/^Lien web : /);
    const valide = await nav.post('/espace/formations/nouvelle', ficheComplete(SIRET_A, fiche));
    expect(valide.statusCode).toBe(200);
    expect(texte(valide.body)).toContain('Cette formation existe peut-être déjà');
  });
});
