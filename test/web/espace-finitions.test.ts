import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation, saveFormationTx } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { bearer, formationFixture, SIRET_A } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import {
  confirmer,
  creerParFormulaire,
  ficheComplete,
  loadReferentiels,
  sessionForm,
  versionLue,
} from './espace.helpers.ts';

// What a first user found in the space with JavaScript off (contact e-mails, confirming twice,
// the history, the import notice, sign-up messages, the certification picker, the cursus length).

let t: TestWeb;
let nav: Navigateur;
const SIREN_A = SIRET_A.slice(0, 9);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  nav = await connecte(t, { email: 'claire@cfa-fin.test', role: 'organisme', siren: SIREN_A }, '10.21.0.1');
});
afterAll(() => t.close());

const creer = (form: Record<string, string>) => creerParFormulaire(nav, form);

describe('contact e-mails', () => {
  it('refuses "pas-un-courriel" in the formation form with a French error on the field', async () => {
    await nav.get('/espace/formations/nouvelle');
    const r = await nav.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A, { 'contacts.0.courriel': 'pas-un-courriel' }),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('adresse électronique attendue');
    expect(r.body).toContain('contacts.0.courriel');
    expect(await t.ctx.db.selectFrom('formation').select('id').execute()).toHaveLength(0);
  });

  it('refuses it on the session form', async () => {
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Courriel de session' }));
    await nav.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await nav.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ 'contact.nom': 'Accueil', 'contact.courriel': 'pas-un-courriel' }),
    );
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Courriel du contact');
  });

  it('refuses it through the API with a 400 naming the field', async () => {
    const k = await createApiKey(t.ctx, { name: 'finitions', scope: 'write', siren: SIREN_A });
    const f = formationFixture();
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(k.key),
      payload: { ...f, contacts: [{ type: 'accueil', nom: 'X', courriel: 'pas-un-courriel' }] },
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('contacts');
    expect(r.body).toContain('courriel');
  });

  it('refuses to publish an offer stored with one (an LHEO import, data from before the rule)', async () => {
    const f = formationFixture({ intitule: 'Importée avec un courriel étrange' });
    const { id } = await t.ctx.db.transaction().execute((trx) =>
      saveFormationTx(
        trx,
        SYSTEME('test'),
        {
          ...f,
          contacts: [{ type: 'referent_handicap', nom: 'X', telephone: null, courriel: 'pas-un-courriel' }],
        },
        { now: new Date() },
      ),
    );
    const r = await nav.post(`/espace/formations/${id}/publier`, {});
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Courriel du contact 1 « pas-un-courriel » invalide');
    expect(r.body).toContain('href="#contacts.0.courriel"');
  });
});

describe('an empty form', () => {
  it('« Enregistrer le brouillon » with nothing typed saves nothing and asks for the title', async () => {
    const avant = (await t.ctx.db.selectFrom('formation').select('id').execute()).length;
    await nav.get('/espace/formations/nouvelle');
    for (let i = 0; i < 2; i++) {
      const r = await nav.post('/espace/formations/nouvelle', { intitule: '  ' });
      expect(r.statusCode).toBe(400);
      expect(texte(r.body)).toContain('Intitulé : saisissez au moins l’intitulé');
      expect(r.body).toContain('href="#intitule"');
    }
    expect(await t.ctx.db.selectFrom('formation').select('id').execute()).toHaveLength(avant);
  });
});

describe('confirming publication of an offer whose sessions are in no région', () => {
  // Fresh user, 06/12: a session at Nouméa (98800, a collectivité outside the régions) has no
  // région; the organisation was told a regional manager would validate it, and none may.
  it('says the platform’s administrators will validate it, not a regional manager', async () => {
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Sessions hors région' }));
    await nav.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
    // The test communes list has no collectivité d'outre-mer: the session's région taken away as
    // a place at Nouméa leaves it (session.code_region is null there).
    await t.ctx.db.updateTable('session').set({ code_region: null }).where('formation_id', '=', id).execute();
    expect((await nav.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
    const r = await confirmer(nav, id);
    expect(r.statusCode).toBe(303);
    const page = texte((await nav.get(String(r.headers.location))).body);
    expect(page).toContain('ses sessions n’ont lieu dans aucune région');
    expect(page).toContain('soumise à la validation des administrateurs de la plateforme');
    expect(page).not.toContain('d’un gestionnaire de la région où ont lieu ses sessions');
  });
});

describe('confirming publication twice', () => {
  it('says it was already sent, with the formation page, never a 409', async () => {
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Deux confirmations' }));
    await nav.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
    expect((await nav.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
    const une = await confirmer(nav, id);
    expect(une.statusCode).toBe(303);
    expect(texte((await nav.get(String(une.headers.location))).body)).toContain(
      'Publication demandée : la formation a été soumise à la validation d’un gestionnaire de la région où ont lieu ses sessions.',
    );
    const relire = texte((await nav.get(`/espace/formations/${id}/relire`)).body);
    expect(relire).toContain('Durée du cursus 2 ans');
    expect(relire).not.toContain('an(s)');
    const deux = await confirmer(nav, id);
    expect(deux.statusCode).toBe(303);
    const page = await nav.get(String(deux.headers.location));
    expect(page.statusCode).toBe(200);
    expect(texte(page.body)).toContain(
      'Cette formation a déjà été soumise à la validation d’un gestionnaire.',
    );
    expect(texte(page.body)).not.toContain('Le formulaire contient une erreur');

    // The history reads in French: codes, dates in words, labels; no JSON, no "vide → vide".
    const historique = texte(page.body.slice(page.body.indexOf('id="historique"')));
    expect(historique).toContain('Statut : Brouillon → En attente de validation');
    expect(historique).toContain("Certification : vide → RNCP34825 – Titre d'ingénieur & manager");
    expect(historique).toContain('Durée du cursus : vide → 2 ans');
    expect(historique).toContain('Contrat d’apprentissage : vide → oui');
    expect(historique).toContain('Session du 6 septembre 2027 au 30 juin 2029 ajoutée');
    expect(historique).not.toContain('{"');
    expect(historique).not.toContain('vide → vide');
  });
});

describe('the history of an offer written by an API key', () => {
  it('names the key, not "cle"', async () => {
    const k = await createApiKey(t.ctx, { name: 'ERP du CFA', scope: 'write', siren: SIREN_A });
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(k.key),
      payload: formationFixture({ cle_externe: 'PAR-CLE', intitule: 'Écrite par une clé' }),
    });
    expect(r.statusCode).toBe(201);
    const page = await nav.get(`/espace/formations/${r.json().id}`);
    const historique = texte(page.body.slice(page.body.indexOf('id="historique"')));
    expect(historique).toContain('via l’API (clé « ERP du CFA »)');
  });
});

describe('sign-up', () => {
  it('says an empty e-mail is required, not « » invalide', async () => {
    const anonyme = new Navigateur(t.app, '10.21.0.9');
    await anonyme.get('/inscription');
    const r = await anonyme.post('/inscription', {
      siren: '552100554',
      raison_sociale: 'CFA des Volcans',
      region: '84',
      sirets: '55210055400013',
      nom: 'Claire Volcan',
      email: '',
      mot_de_passe: 'une phrase de passe assez longue',
      confirmation: 'une phrase de passe assez longue',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain(
      'Adresse électronique professionnelle : indiquez votre adresse électronique.',
    );
    expect(texte(r.body)).not.toContain('« » invalide');
  });

  it('reports a confirmation that differs from the password, on the field and in the summary, and stores nothing', async () => {
    const anonyme = new Navigateur(t.app, '10.21.0.10');
    await anonyme.get('/inscription');
    const r = await anonyme.post('/inscription', {
      siren: '552100554',
      raison_sociale: 'CFA des Volcans',
      region: '84',
      sirets: '55210055400013',
      nom: 'Claire Volcan',
      email: 'claire.confirmation@cfa-volcans.test',
      mot_de_passe: 'une phrase de passe assez longue',
      confirmation: 'une phrase de passe assez longuE',
    });
    expect(r.statusCode).toBe(400);
    // The DSFR error summary at the top, linking to the field…
    expect(r.body).toContain('Le formulaire contient une erreur</');
    expect(r.body).toContain('href="#confirmation"');
    // …and the field itself in error, with the French message under it.
    const champ = r.body.slice(
      r.body.indexOf('id="confirmation"') - 600,
      r.body.indexOf('id="confirmation"') + 800,
    );
    expect(champ).toContain('fr-input-group--error');
    expect(champ).toContain('aria-invalid="true"');
    expect(texte(r.body)).toContain(
      'Confirmez le mot de passe : les deux mots de passe saisis sont différents.',
    );
    expect(r.body).not.toContain('une phrase de passe assez longue'); // never sent back
    const stored = await t.ctx.db
      .selectFrom('utilisateur')
      .select('id')
      .where('email', '=', 'claire.confirmation@cfa-volcans.test')
      .execute();
    expect(stored).toEqual([]);
    const structure = await t.ctx.db
      .selectFrom('structure')
      .select('siren')
      .where('siren', '=', '552100554')
      .execute();
    expect(structure).toEqual([]);
  });
});

describe('the certification picker', () => {
  it('lists active ones first, marks expired ones, and shows a CFD with its RNCP fiche on one line', async () => {
    await t.ctx.db
      .insertInto('certification')
      .values([
        { type: 'rncp', code: 'RNCP90001', intitule: 'CAP Cuisinier finitions', actif: true, niveau: '3' },
        { type: 'cfd', code: '50099901', intitule: 'CAP Cuisinier finitions', actif: true, niveau: '3' },
        {
          type: 'rncp',
          code: 'RNCP80001',
          intitule: 'CAP Cuisinier finitions ancien',
          actif: false,
          date_fin: '2024-08-31',
        },
      ])
      .execute();
    await t.ctx.db.insertInto('certification_lien').values({ cfd: '50099901', rncp: 'RNCP90001' }).execute();
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Cuisine' }));
    const r = await nav.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Cuisine' }),
      action: 'chercher',
      'certification.recherche': 'cuisinier finitions',
      version: await versionLue(nav, `/espace/formations/${id}`),
    });
    const p = texte(r.body);
    expect(p).toContain('RNCP90001 ↔ CFD 50099901 – CAP Cuisinier finitions');
    expect(p.match(/50099901/g)).toHaveLength(1); // the CFD is not listed again on its own
    expect(p.indexOf('RNCP90001')).toBeLessThan(p.indexOf('Certifications expirées'));
    expect(p.indexOf('Certifications expirées')).toBeLessThan(p.indexOf('Expirée RNCP80001'));

    // Picking the pair keeps both codes.
    const choisi = await nav.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Cuisine' }),
      'certification.choix': 'rncp:RNCP90001+cfd:50099901',
      version: await versionLue(nav, `/espace/formations/${id}`),
    });
    expect(choisi.statusCode).toBe(303);
    const f = await t.ctx.db
      .selectFrom('formation')
      .select(['code_rncp', 'code_cfd'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(f).toEqual({ code_rncp: 'RNCP90001', code_cfd: '50099901' });
  });
});

// A fresh user's report (02/12): saving an offer « En attente de validation » said « Brouillon
// enregistré. ».
describe('the notice after saving the formation form', () => {
  it('says « Brouillon enregistré. » of a draft and « Modifications enregistrées. » of an offer awaiting validation', async () => {
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Annonce brouillon' }));
    await nav.get(`/espace/formations/${id}`);
    const brouillon = await nav.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Annonce brouillon 2' }),
      version: await versionLue(nav, `/espace/formations/${id}`),
    });
    expect(brouillon.statusCode, texte(brouillon.body).slice(0, 300)).toBe(303);
    expect(texte((await nav.get(String(brouillon.headers.location))).body)).toContain(
      'Brouillon enregistré.',
    );

    const { id: enAttente } = await saveFormation(
      t.ctx,
      organismeDe(SIREN_A),
      formationFixture({ cle_externe: 'ANNONCE-ATT', intitule: 'Annonce en attente' }),
    );
    await transition(t.ctx, organismeDe(SIREN_A), enAttente, 'publier');
    await nav.get(`/espace/formations/${enAttente}`);
    const r = await nav.post(`/espace/formations/${enAttente}`, {
      ...ficheComplete(SIRET_A, { intitule: 'Annonce en attente, corrigée' }),
      version: await versionLue(nav, `/espace/formations/${enAttente}`),
    });
    expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(303);
    const page = texte((await nav.get(String(r.headers.location))).body);
    expect(page).toContain('En attente de validation');
    expect(page).toContain('Modifications enregistrées.');
    expect(page).not.toContain('Brouillon enregistré');
  });
});
