import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOpenRevision } from '../../src/db/formation.repository.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { compte, connecte, decider, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { creerParFormulaire, ficheComplete, sessionForm, versionLue } from './espace.helpers.ts';

// A change to a published formation (its revision) goes to the validation queue as it is saved:
// it passes the check of « Publier » first; a gestionnaire's « Valider » that would take the
// diffused offer out of diffusion asks a confirmation; the organisme sees its revision's results;
// an unchanged formation form writes nothing and says so.

let t: TestWeb;
let org: Navigateur;
let g84: Navigateur;
const organisme = organismeDe(SIREN_A);
const gestionnaire = gestionnaireDe('84');

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  org = await connecte(t, { email: 'claire@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.31.0.1');
  const g = await compte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' });
  g84 = new Navigateur(t.app, '10.31.0.2');
  await g84.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t?.close());

/** A published, validated offer in Lyon (region 84), in the Catalogue général: its id. */
async function publiee(cle: string, input: FormationInput = formationFixture({ cle_externe: cle })) {
  const { id } = await saveFormation(t.ctx, organisme, input);
  await transition(t.ctx, organisme, id, 'publier');
  await transition(t.ctx, gestionnaire, id, 'valider');
  expect(await catalogue(id)).toBe('general');
  return id;
}

const catalogue = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('catalogue').where('id', '=', id).executeTakeFirstOrThrow())
    .catalogue;

/**
 * A revision adding a session in Angers that ends before it starts (SESSION_DATES, bloquant: an
 * API client or a file may propose it; a missing field is refused before it is sent).
 */
async function revisionBloquante(id: string, cle: string) {
  const f = formationFixture({ cle_externe: cle });
  const angers = {
    ...f.sessions[0]!,
    cle_externe: 'S2027',
    debut: '2027-09-06',
    fin: '2027-06-30',
    lieu: { code_postal: '49000', commune: 'Angers', code_insee: '49007' },
  };
  const r = await saveFormation(t.ctx, organisme, { ...f, sessions: [...f.sessions, angers] }, { id });
  expect(r.revision).toBe(true);
}

const versionEtHistorique = async (id: string) => ({
  version: (
    await t.ctx.db.selectFrom('formation').select('version').where('id', '=', id).executeTakeFirstOrThrow()
  ).version,
  historique: await compterLignes(t.ctx.db, 'historique', { formation_id: id }),
});

describe('a published offer’s change is checked as « Publier » checks', () => {
  it('refuses a new session without end date: every missing field listed, nothing sent to validation', async () => {
    const id = await publiee('REV-SESSION');
    await org.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await org.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ fin: '', 'lieu.code_postal': '49000', 'lieu.commune': 'Angers' }),
    );
    expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(400);
    const page = texte(r.body);
    // The session form's own field check (session-saisie.ts) or the revision's check of « Publier »
    // (« la date de fin de la session 2 ») names the end date, linked to its field.
    expect(page).toMatch(/Date de fin : obligatoire|la date de fin de la session 2/);
    expect(r.body).toContain('href="#fin"');
    expect(await findOpenRevision(t.ctx.db, id)).toBeUndefined();
  });

  it('refuses the formation form that empties a mandatory field, listing it with its link', async () => {
    const id = await publiee('REV-FICHE');
    await org.get(`/espace/formations/${id}`);
    const r = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { objectif: '' }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Champ obligatoire non renseigné : l’objectif.');
    expect(r.body).toContain('href="#objectif"');
    expect(await findOpenRevision(t.ctx.db, id)).toBeUndefined();
  });
});

describe('removing the last session of a published offer', () => {
  it('is refused on the formation’s page, listing what is missing; the session stays', async () => {
    const id = await publiee('REV-RETIRER');
    const page = await org.get(`/espace/formations/${id}`);
    const action = /action="([^"]*\/retirer)"/.exec(page.body)?.[1];
    expect(action, 'the page offers « Retirer »').toBeDefined();
    const r = await org.post(action!.replaceAll('&amp;', '&'), {});
    expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(400);
    expect(r.body).toContain('fr-alert');
    expect(texte(r.body)).toMatch(/session/i);
    expect(await findOpenRevision(t.ctx.db, id)).toBeUndefined();
    const sessions = await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('formation_id', '=', id)
      .execute();
    expect(sessions).toHaveLength(1);
  });
});

describe('« Valider » that would take a diffused offer out of diffusion', () => {
  it('asks a confirmation naming the blocking rules, and validates only once it is ticked', async () => {
    const id = await publiee('REV-RETRAIT');
    await revisionBloquante(id, 'REV-RETRAIT');
    const revue = await g84.get(`/gestion/formations/${id}`);
    expect(texte(revue.body)).toContain('Validée, cette révision retirerait l’offre de la diffusion');
    expect(revue.body).toContain('name="confirmer_retrait"');

    const sans = await decider(g84, id, 'valider', {});
    expect(sans.statusCode).toBe(409);
    expect(texte(sans.body)).toContain('SESSION_DATES');
    expect(texte(sans.body)).toContain('ne serait plus diffusée');
    expect(await findOpenRevision(t.ctx.db, id)).toBeDefined();
    expect(await catalogue(id)).toBe('general');

    const avec = await decider(g84, id, 'valider', { confirmer_retrait: 'oui' });
    expect(avec.statusCode).toBe(303);
    expect(await findOpenRevision(t.ctx.db, id)).toBeUndefined();
    expect(await catalogue(id)).toBe('non_reglementaire');
  });

  it('validates a revision that keeps the offer diffused without asking', async () => {
    const id = await publiee('REV-OK');
    await saveFormation(t.ctx, organisme, formationFixture({ cle_externe: 'REV-OK', objectif: 'Autre.' }), {
      id,
    });
    const revue = await g84.get(`/gestion/formations/${id}`);
    expect(revue.body).not.toContain('name="confirmer_retrait"');
    expect((await decider(g84, id, 'valider', {})).statusCode).toBe(303);
    expect(await catalogue(id)).toBe('general');
  });
});

describe('the organisme’s page of an offer with a pending revision', () => {
  it('shows the revision’s rule results, labelled, beside the diffused version’s', async () => {
    const id = await publiee('REV-VUE');
    await revisionBloquante(id, 'REV-VUE');
    const page = texte((await org.get(`/espace/formations/${id}`)).body);
    const conformite = page.slice(page.indexOf('Conformité'));
    expect(conformite).toContain('Votre révision en attente de validation');
    expect(conformite).toContain('La session 2 finit le 30 juin 2027, avant son début le 6 septembre 2027');
    expect(conformite).toContain('Validée en l’état, l’offre ne serait plus diffusée');
    expect(conformite).toContain('La version diffusée');
  });
});

describe('the formation form saved unchanged', () => {
  it('writes nothing and says so, for a draft and for a published offer', async () => {
    const form = ficheComplete(SIRET_A, { intitule: 'Formation inchangée' });
    const id = await creerParFormulaire(org, form);
    const lyon = { 'lieu.code_postal': '69001', 'lieu.commune': 'Lyon' };
    expect((await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm(lyon))).statusCode).toBe(
      303,
    );
    for (const etape of ['brouillon', 'publiee'] as const) {
      if (etape === 'publiee') {
        await transition(t.ctx, organisme, id, 'publier');
        await transition(t.ctx, gestionnaire, id, 'valider');
      }
      const avant = await versionEtHistorique(id);
      const r = await org.post(`/espace/formations/${id}`, {
        ...form,
        version: await versionLue(org, `/espace/formations/${id}`),
      });
      expect(r.statusCode, etape).toBe(303);
      expect(r.headers.location, etape).toBe(`/espace/formations/${id}?info=inchangee`);
      expect(texte((await org.get(String(r.headers.location))).body)).toContain(
        'Aucune modification : la formation est inchangée.',
      );
      expect(await versionEtHistorique(id), etape).toEqual(avant);
      expect(await findOpenRevision(t.ctx.db, id), etape).toBeUndefined();
    }
  });
});

describe('the validation queue of a revision', () => {
  it('shows the départements of the revision’s sessions, where the change moves them', async () => {
    const intitule = 'BTS déménagé à Angers';
    const id = await publiee('REV-DEP', formationFixture({ cle_externe: 'REV-DEP', intitule }));
    const f = formationFixture({ cle_externe: 'REV-DEP', intitule });
    const angers = {
      adresse: '1 rue Lenepveu',
      code_postal: '49000',
      commune: 'Angers',
      code_insee: '49007',
    };
    await saveFormation(t.ctx, organisme, { ...f, sessions: [{ ...f.sessions[0]!, lieu: angers }] }, { id });
    const page = texte((await g84.get('/gestion?nature=revision')).body);
    const ligne = page.slice(page.indexOf(intitule), page.indexOf(intitule) + 400);
    expect(ligne).toContain('49 — Maine-et-Loire');
    expect(ligne).not.toContain('69 — Rhône');
  });
});
