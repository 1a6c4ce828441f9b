import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHAMPS_POUR_PUBLIER,
  CHAMPS_POUR_PUBLIER_EN_APPRENTISSAGE,
} from '../../src/domain/champs-obligatoires.ts';
import { FormationInputSchema } from '../../src/domain/formation.schema.ts';
import { valeurHistorique } from '../../src/http/web/espace/historique.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIRET_A } from '../api/helpers.ts';
import { compte, connecte, decider, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import {
  creerParFormulaire,
  ficheComplete,
  loadReferentiels,
  sessionForm,
  versionLue,
} from './espace.helpers.ts';

// What a fresh user found in the signed-in forms: long texts cut silently, absurd session dates,
// a duplicated id, an inline style the CSP refuses, and wording.

let t: TestWeb;
let nav: Navigateur;
let gestion: Navigateur;
const SIREN_A = SIRET_A.slice(0, 9);
const organisme = organismeDe(SIREN_A);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  const g = await compte(t, { email: 'g84@limites.test', role: 'gestionnaire', region: '84' });
  nav = await connecte(t, { email: 'cfa@limites.test', role: 'organisme', siren: SIREN_A }, '10.22.0.1');
  gestion = new Navigateur(t.app, '10.22.0.2');
  await gestion.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t.close());

const creer = (form: Record<string, string>) => creerParFormulaire(nav, form);

const statutDe = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('statut').where('id', '=', id).executeTakeFirstOrThrow())
    .statut;

/** A formation of the organisme sent for validation (« Publier »): the gestionnaire may return it. */
async function enAttente(cle_externe: string): Promise<string> {
  const { id } = await saveFormation(t.ctx, organisme, formationFixture({ cle_externe }));
  await transition(t.ctx, organisme, id, 'publier');
  return id;
}

const contenuStocke = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('contenu').where('id', '=', id).executeTakeFirstOrThrow())
    .contenu;

describe('long texts', () => {
  it('refuses a 200,000-character « Contenu » with an error under the field, storing nothing', async () => {
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Contenu trop long' }));
    await nav.get(`/espace/formations/${id}`);
    const r = await nav.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { contenu: 'x'.repeat(200_000) }),
      version: await versionLue(nav, `/espace/formations/${id}`),
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Contenu : le texte est trop long');
    expect(texte(r.body)).not.toContain('Brouillon enregistré');
    expect(r.body).toContain('href="#contenu-texte"');
    expect(await contenuStocke(id)).toBeNull();
  });

  // A fresh user's report (05/12, LOW): « Le champ « Objectif » est trop long. » said neither the
  // limit nor how long the text was. Every « trop long » of the forms now says both, in French numbers.
  it('says the limit and the length of a text too long, on the formation and the session forms', async () => {
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Objectif trop long' }));
    const url = `/espace/formations/${id}`;
    const r = await nav.post(url, {
      ...ficheComplete(SIRET_A, { objectif: `  ${'o'.repeat(20_001)}  `, intitule: 'i'.repeat(301) }),
      version: await versionLue(nav, url),
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Objectif : le texte est trop long : 20 001 caractères, 20 000 au plus.');
    expect(texte(r.body)).toContain('Intitulé : le texte est trop long : 301 caractères, 300 au plus.');
    // French numbers: a narrow no-break space between the groups, as nombre() writes them.
    expect(r.body).toContain('20\u202f001 caractères, 20\u202f000 au plus');
    // Characters as the server's bound counts them: 301 emoji are 301 characters, not 602.
    const e = await nav.post(url, {
      ...ficheComplete(SIRET_A, { intitule: '🎓'.repeat(301) }),
      version: await versionLue(nav, url),
    });
    expect(texte(e.body)).toContain('Intitulé : le texte est trop long : 301 caractères, 300 au plus.');

    const s = await nav.post(`${url}/sessions/nouvelle`, sessionForm({ 'lieu.adresse': 'a'.repeat(501) }));
    expect(s.statusCode).toBe(400);
    expect(texte(s.body)).toContain(
      'Adresse du lieu : le texte est trop long : 501 caractères, 500 au plus.',
    );
  });

  it('refuses a 300,000-character return comment, leaving the offer pending', async () => {
    const id = await enAttente('LONG-COM');
    await gestion.get(`/gestion/formations/${id}`);
    const r = await decider(gestion, id, 'retourner', { commentaire: 'y'.repeat(300_000) });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain(
      'Commentaire pour l’organisme : 5 000 caractères au plus (300 000 saisis) : raccourcissez ce texte.',
    );
    expect(await statutDe(id)).toBe('en_attente_validation');
  });

  // A fresh user's report (06/12, LOW): the return comment took U+0001 or U+202E and stored and
  // e-mailed them, where every other typed field refuses them; an empty one was not said in the
  // forms' « Libellé : problème. » style.
  it('refuses a return comment with a control or bidirectional character, under its field, storing nothing', async () => {
    const id = await enAttente('COM-CONTROLE');
    for (const [c, dit] of [
      ['\u0001', 'un caractère de contrôle invisible (U+0001) n’est pas accepté'],
      [
        '\u202E',
        'un caractère invisible de mise en forme (U+202E, forçage de droite à gauche) n’est pas accepté',
      ],
    ] as const) {
      const r = await decider(gestion, id, 'retourner', { commentaire: `Ajoutez${c} le contact.` });
      expect(r.statusCode).toBe(400);
      expect(texte(r.body)).toContain(`Commentaire pour l’organisme : ${dit} ; retirez ce caractère`);
      expect(await statutDe(id)).toBe('en_attente_validation');
    }
    // Line breaks are a comment's own: kept.
    const ok = await decider(gestion, id, 'retourner', { commentaire: 'Ajoutez le contact.\r\nEt le lieu.' });
    expect(ok.statusCode).toBe(303);
  });

  it('says an empty return comment as every field error, « Libellé : problème. »', async () => {
    const id = await enAttente('COM-VIDE');
    const r = await decider(gestion, id, 'retourner', { commentaire: '  ' });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain(
      'Commentaire pour l’organisme : indiquez à l’organisme ce qu’il doit corriger.',
    );
  });

  // Characters as every bound counts them (code points): 5,000 « 🎓 » are 5,000 characters, not 10,000.
  it('takes a return comment of 5,000 emoji and refuses 5,001, counting characters', async () => {
    const id = await enAttente('COM-EMOJI');
    await gestion.get(`/gestion/formations/${id}`);
    const trop = await decider(gestion, id, 'retourner', { commentaire: '🎓'.repeat(5001) });
    expect(trop.statusCode).toBe(400);
    expect(texte(trop.body)).toContain(
      'Commentaire pour l’organisme : 5 000 caractères au plus (5 001 saisis) : raccourcissez ce texte.',
    );
    const r = await decider(gestion, id, 'retourner', { commentaire: '🎓'.repeat(5000) });
    expect(r.statusCode).toBe(303);
    expect(await statutDe(id)).toBe('a_corriger');
  });

  // A `maxlength` counts UTF-16 code units (300 emoji stopped at 150 in Chromium, where the server
  // takes 300): no form field declares one; the server's bound, in characters, is the one said
  // (test/browser/longueurs-caracteres.test.ts types them in Chromium).
  it('declares no maxlength on the forms, and says the bounds in characters', async () => {
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Sans maxlength' }));
    const fiche = await nav.get(`/espace/formations/${id}`);
    expect(fiche.body).toContain('id="objectif"');
    expect(texte(fiche.body)).toContain('300 caractères au plus, tel que le public le lira.');
    const publiee = await enAttente('SANS-MAXLENGTH');
    const revue = await gestion.get(`/gestion/formations/${publiee}`);
    expect(texte(revue.body)).toContain('ce qu’il doit corriger, en 5 000 caractères au plus.');
    for (const page of [fiche, revue, await nav.get('/espace/formations/nouvelle')])
      expect(page.body).not.toMatch(/maxlength=/i);
  });
});

describe('session dates', () => {
  it('refuses 0001-01-01 → 9999-12-31 on the form with an error per field', async () => {
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Dates absurdes' }));
    await nav.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await nav.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ debut: '0001-01-01', fin: '9999-12-31' }),
    );
    expect(r.statusCode).toBe(400);
    const t2 = texte(r.body);
    expect(t2).toContain('Date de début : date attendue entre 2000 et 2100.');
    expect(t2).toContain('Date de fin : date attendue entre 2000 et 2100.');
    expect(t2).not.toContain('Session enregistrée');
    expect(
      await t.ctx.db.selectFrom('session').select('id').where('formation_id', '=', id).execute(),
    ).toHaveLength(0);
  });

  it('refuses them in the domain schema (API and imports)', () => {
    const r = FormationInputSchema.safeParse({ sessions: [{ debut: '1999-12-31', fin: '2101-01-01' }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['sessions.0.debut', 'sessions.0.fin']);
    expect(
      FormationInputSchema.safeParse({ sessions: [{ debut: '2000-01-01', fin: '2100-12-31' }] }).success,
    ).toBe(true);
  });
});

describe('pages', () => {
  it('gives one element the id « contenu » on the formation page (the skip link target)', async () => {
    const id = await creer(ficheComplete(SIRET_A, { intitule: 'Identifiants' }));
    const page = await nav.get(`/espace/formations/${id}`);
    expect(page.body.match(/id="contenu"/g)).toHaveLength(1);
    expect(page.body).toContain('<label class="fr-label" for="contenu-texte">');
    expect(page.body).toMatch(/<textarea[^>]*name="contenu"/);
  });

  it('labels the SIRET fields and contact 1 as required to publish, not « (facultatif) »', async () => {
    const page = texte((await nav.get('/espace/formations/nouvelle')).body);
    expect(page).toContain('Organisme responsable (obligatoire pour publier)');
    expect(page).toContain('Organisme formateur (obligatoire pour publier)');
    expect(page).toContain('Contact 1 : nom (obligatoire pour publier)');
    expect(page).not.toMatch(/Organisme (responsable|formateur)[^.]{0,20}\(facultatif\)/);
    expect(page).not.toContain('Contact 1 : nom (facultatif)');
  });

  // A fresh user's report (05/12): « Publier » refused an offer without « Ouverte en formation
  // continue » or « contrat de professionnalisation », which the form did not mark as required.
  // Every field « Publier » checks (domain/champs-obligatoires.ts) is now marked so.
  it('marks every field « Publier » requires as required to publish', async () => {
    const html = (await nav.get('/espace/formations/nouvelle')).body;
    const libelle = (champ: string) => {
      const i = html.search(new RegExp(`<fieldset[^>]*id="${champ.replace(/\./g, '\\.')}"`));
      const m =
        i >= 0
          ? /<legend[^>]*>([\s\S]*?)<\/legend>/.exec(html.slice(i))
          : new RegExp(`<label[^>]*for="${champ.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</label>`).exec(
              html,
            );
      return m ? texte(m[1]!) : null;
    };
    const champs = [...CHAMPS_POUR_PUBLIER, ...CHAMPS_POUR_PUBLIER_EN_APPRENTISSAGE].filter(
      // The intitulé is required to save at all; « contacts »: contact 1's fields, above.
      (c) => c !== 'intitule' && c !== 'contacts',
    );
    expect(champs).toEqual(
      expect.arrayContaining(['modalites.formation_continue', 'modalites.contrat_professionnalisation']),
    );
    for (const c of champs) expect(libelle(c), c).toMatch(/\(.*obligatoire pour publier.*\)/);
    expect(texte(html)).toContain('Ouverte en formation continue (obligatoire pour publier)');
    expect(texte(html)).toContain('Ouverte en contrat de professionnalisation (obligatoire pour publier)');
  });

  it('draws the quality chart without an inline style (the CSP refuses it)', async () => {
    const page = await gestion.get('/gestion/qualite');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('id="graphique-statuts"');
    expect(page.body).not.toContain('style=');
  });

  // A tester's report: the « Retirer » form of an establishment had `style="display:inline"`.
  it('lists a structure’s establishments, each with its « Retirer », without an inline style', async () => {
    await compte(t, { email: 'cfa@structure-84.test', role: 'organisme', siren: '832420004', region: '84' });
    expect((await gestion.get('/gestion/structures')).body).toContain('SIREN 832420004');
    const ajout = await gestion.post('/gestion/structures/832420004/etablissements', {
      siret: '83242000400026',
    });
    expect(ajout.statusCode).toBe(303);
    const page = await gestion.get('/gestion/structures');
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/\/etablissements\/\d{14}\/retirer"/);
    expect(page.body).not.toContain('style=');
  });

  it('asks for the colleague’s address on an empty invitation', async () => {
    await nav.get('/compte');
    const r = await nav.post('/compte/invitations', { email: '' });
    expect(texte(r.body)).toContain(
      'Adresse électronique du collègue : indiquez l’adresse à laquelle envoyer l’invitation.',
    );
    expect(texte(r.body)).not.toContain('votre adresse électronique');
  });

  it('says a session’s recruitment once in the history', () => {
    const v = valeurHistorique('sessions[s1]', {
      debut: '2027-09-06',
      fin: '2028-06-30',
      etat_recrutement: 'ouvert',
    });
    expect(v).toContain('recrutement ouvert');
    expect(v).not.toMatch(/recrutement recrutement/i);
  });
});
