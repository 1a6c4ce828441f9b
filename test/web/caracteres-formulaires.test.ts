import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import {
  connecte,
  decider,
  type Navigateur as Nav,
  Navigateur,
  posterCalendrier,
  type TestWeb,
  testWeb,
  texte,
} from '../auth/web.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import {
  confirmer,
  creerParFormulaire,
  ficheComplete,
  loadReferentiels,
  sessionForm,
} from './espace.helpers.ts';

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

// Every other page form that takes typed text (h-formes2): on main each answered the bare 400 page
// of the door (« Le champ « x » contient un caractère interdit… »), the form lost.
describe('a NUL character in the other page forms', () => {
  type Cas = {
    nom: string;
    envoyer: () => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>;
    champ: string;
    /** A value typed in another field, shown again. */
    garde?: string;
  };
  let admin: Nav;
  let gest: Nav;
  const cas: Cas[] = [
    {
      nom: 'sign-in',
      envoyer: async () => {
        const n = new Navigateur(t.app, '10.71.1.1');
        await n.get('/connexion');
        return n.post('/connexion', { email: 'garde@cfa.test', mot_de_passe: 'secret\u0000' });
      },
      champ: 'mot_de_passe',
      garde: 'value="garde@cfa.test"',
    },
    {
      nom: 'forgotten password',
      envoyer: async () => {
        const n = new Navigateur(t.app, '10.71.1.2');
        await n.get('/mot-de-passe/oublie');
        return n.post('/mot-de-passe/oublie', { email: 'perdu\u0000@cfa.test' });
      },
      champ: 'email',
    },
    {
      nom: 'password change',
      envoyer: async () => {
        await nav.get('/compte/mot-de-passe');
        return nav.post('/compte/mot-de-passe', {
          actuel: 'pas le bon',
          nouveau: 'une phrase\u0000 de passe assez longue',
          confirmation: 'une phrase de passe assez longue',
        });
      },
      champ: 'nouveau',
    },
    {
      nom: 'invitation of a colleague',
      envoyer: async () => {
        await nav.get('/compte');
        return nav.post('/compte/invitations', { email: 'collegue\u0000@cfa-a.test' });
      },
      champ: 'email',
      garde: 'value="collegue@cfa-a.test"',
    },
    {
      nom: 'API key',
      envoyer: async () => {
        await admin.get('/admin/cles');
        return admin.post('/admin/cles', {
          name: 'Partenaire\u0000 A',
          scope: 'lecture',
          siren: '',
          expire: '',
        });
      },
      champ: 'name',
      garde: 'value="Partenaire A"',
    },
    {
      nom: 'périmètre rule',
      envoyer: async () => {
        await admin.get('/admin/perimetre/nouvelle');
        return admin.post('/admin/perimetre/nouvelle', {
          plateforme: 'parcoursup',
          niveau: '',
          type_diplome: 'BTS\u0000',
          duree: '',
          annee_entree: '',
          academie: '',
          statut: 'inclus',
          priorite: '10',
          actif: 'oui',
          etape: 'apercu',
        });
      },
      champ: 'type_diplome',
    },
    {
      nom: 'campaign calendar',
      envoyer: () =>
        posterCalendrier(gest, '2027', {
          region: '11',
          ouverture_collecte: '2026-09-20\u0000',
          retour_attendu: '2026-11-30',
          transmission_catalogue: '',
        }),
      champ: 'ouverture_collecte',
      garde: 'value="2026-11-30"',
    },
    {
      nom: 'return comment',
      envoyer: async () => {
        const id = await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'À retourner NUL' }));
        await nav.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
        await confirmer(nav, id);
        return decider(gest, id, 'retourner', { commentaire: 'Précisez\u0000 le contenu.' });
      },
      champ: 'commentaire',
      garde: 'Précisez le contenu.',
    },
  ];

  beforeAll(async () => {
    admin = await connecte(t, { email: 'adm2@offre.test', role: 'admin' }, '10.71.1.3');
    gest = await connecte(t, { email: 'g@region-nul.test', role: 'gestionnaire', region: '11' }, '10.71.1.4');
  });

  it.each(cas.map((c) => [c.nom, c] as const))(
    '%s: the form again, the error under its field',
    async (_, c) => {
      const r = await c.envoyer();
      expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(400);
      expect(r.headers['content-type']).toContain('text/html');
      expect(texte(r.body)).not.toContain('contient un caractère interdit');
      expect(sousLeChamp(r.body, c.champ)).toMatch(
        /le caractère nul \(U\+0000\), invisible, n’est pas accepté/i,
      );
      if (c.garde) expect(r.body).toContain(c.garde);
    },
  );
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
