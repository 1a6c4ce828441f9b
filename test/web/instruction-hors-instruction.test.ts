import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { newId } from '../../src/domain/ids.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { situationInstruction } from '../../src/services/plateforme.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import {
  compte,
  decider,
  deciderPlateforme,
  Navigateur,
  type TestWeb,
  testWeb,
  texte,
} from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS, SIRET_A } from '../conformite/formations.fixture.ts';
import { organismeDe } from '../helpers/acteurs.ts';

// Two fresh users' report: /instruction/{plateforme}/{id} of an offer of the instructeur's own
// académie that is not (or no longer) in instruction answered 404 « Formation … introuvable » —
// an offer « À corriger », and one the instructeur had published (« Prêt pour intégration ») that
// a validated revision breaking a blocking rule made « Non publiable » (it also left the platform
// feed). The page now says the offer is not in instruction, its statut, its platform status and
// why (the recomputation's history entry), and what brings it back; decisions on it are still
// refused. Another académie's offer gets exactly what an unknown id gets: nothing leaks.

let t: TestWeb;
const sys = SYSTEME('test');
let lyon: Navigateur;
let lille: Navigateur;
let admin: string;
const ids: Record<string, string> = {};

/** The offer with a new session ending before it starts: SESSION_DATES (bloquant) fails. */
const datesInversees = (cle: string) => {
  const b = bts(cle, { intitule: `BTS ${cle}` });
  const s = b.sessions[0]!;
  return { ...b, sessions: [s, { ...s, cle_externe: 'S2027', debut: '2027-09-06', fin: '2027-06-30' }] };
};

const historiqueDecisions = async (id: string) =>
  t.ctx.db
    .selectFrom('historique')
    .select(['action', 'acteur'])
    .where('formation_id', '=', id)
    .where('entite', 'like', 'plateforme:%')
    .where('action', '<>', 'recalcul')
    .execute();

const api = (method: 'GET' | 'POST', url: string, nav: Navigateur, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    cookies: Object.fromEntries(nav.cookies),
    headers: method === 'POST' ? { 'x-csrf-token': nav.csrf! } : {},
    ...(payload ? { payload } : {}),
  });

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  const cree = async (cle: string) =>
    (await saveFormation(t.ctx, sys, bts(cle, { intitule: `BTS ${cle}` }))).id;
  ids.brouillon = await cree('HI-BROUILLON');
  ids.attente = await cree('HI-ATTENTE');
  await transition(t.ctx, sys, ids.attente, 'publier');
  ids.corriger = await cree('HI-CORRIGER');
  await transition(t.ctx, sys, ids.corriger, 'publier');
  await transition(t.ctx, sys, ids.corriger, 'retourner', 'Précisez le contenu.');
  ids.validee = await cree('HI-VALIDEE');
  await transition(t.ctx, sys, ids.validee, 'publier');
  await transition(t.ctx, sys, ids.validee, 'valider');
  ids.retiree = await cree('HI-RETIREE');
  await transition(t.ctx, sys, ids.retiree, 'publier');
  await transition(t.ctx, sys, ids.retiree, 'valider');
  const i = await compte(t, { email: 'ines@ac-lyon.test', role: 'instructeur', academie: '10' });
  lyon = new Navigateur(t.app, '10.6.0.1');
  await lyon.seConnecter(i.email, i.motDePasse);
  await lyon.get('/instruction');
  const j = await compte(t, { email: 'jules@ac-lille.test', role: 'instructeur', academie: '09' });
  lille = new Navigateur(t.app, '10.6.0.2');
  await lille.seConnecter(j.email, j.motDePasse);
  await lille.get('/instruction');
  admin = (await createApiKey(t.ctx, { name: 'hi-admin', scope: 'admin' })).key;
  // The instructeur publishes it on Parcoursup; then a revision breaking a blocking rule is validated.
  const d = await deciderPlateforme(lyon, 'parcoursup', ids.retiree, { action: 'publier' });
  expect(d.statusCode, d.body.slice(0, 300)).toBe(303);
  // As the users did: the organisme's revision, then the gestionnaire's « Valider » confirmed.
  const r = await saveFormation(t.ctx, organismeDe(SIRET_A.slice(0, 9)), datesInversees('HI-RETIREE'), {
    id: ids.retiree,
  });
  expect(r.revision).toBe(true);
  const g = await compte(t, { email: 'gilles@region.test', role: 'gestionnaire', region: '84' });
  const g84 = new Navigateur(t.app, '10.6.0.4');
  await g84.seConnecter(g.email, g.motDePasse);
  const v = await decider(g84, ids.retiree, 'valider', { confirmer_retrait: 'oui' });
  expect(v.statusCode, texte(v.body).slice(0, 300)).toBe(303);
});
afterAll(() => t.close());

const formation = (id: string) =>
  t.ctx.db
    .selectFrom('formation')
    .select(['statut', 'catalogue', 'parcoursup'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

it('the fixtures are what they claim', async () => {
  expect((await formation(ids.corriger!)).statut).toBe('a_corriger');
  expect(await formation(ids.retiree!)).toEqual({
    statut: 'publiee',
    catalogue: 'non_reglementaire',
    parcoursup: 'non_publiable',
  });
  // The withdrawn offer left the platform feed.
  const flux = await t.app.inject({
    url: '/api/v1/plateformes/parcoursup/offres',
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(flux.statusCode).toBe(200);
  expect(flux.json().data.map((o: { id: string }) => o.id)).not.toContain(ids.retiree);
});

describe('an offer of the instructeur’s académie that is not in instruction', () => {
  it('« À corriger »: a 200 page saying so, its statut, what brings it back, no decision form', async () => {
    const page = await lyon.get(`/instruction/parcoursup/${ids.corriger}`);
    expect(page.statusCode).toBe(200);
    const txt = texte(page.body);
    expect(txt).toContain('Cette offre n’est pas en instruction pour Parcoursup');
    expect(txt).toContain('Statut de l’offre : À corriger');
    expect(txt).toContain('Statut Parcoursup : Non publiable');
    expect(txt).toContain('une fois corrigée puis validée, elle reviendra en instruction');
    expect(page.body).toContain('href="/instruction?plateforme=parcoursup"');
    expect(page.body).not.toContain('name="action"');
    expect(page.body).not.toContain(`action="/instruction/parcoursup/${ids.corriger}"`);
    // Its title is not shown: the instructeur cannot read it and never decided on it.
    expect(page.body).not.toContain('HI-CORRIGER');
  });

  it('published then withdrawn: « Non publiable » with the recomputation’s reason and failing rule', async () => {
    const page = await lyon.get(`/instruction/parcoursup/${ids.retiree}`);
    expect(page.statusCode).toBe(200);
    const txt = texte(page.body);
    expect(txt).toContain('Cette offre n’est pas en instruction pour Parcoursup');
    // The instructeur decided on it: its title is shown.
    expect(txt).toContain('BTS HI-RETIREE');
    expect(txt).toContain('Statut de l’offre : Publiée — hors diffusion');
    expect(txt).toContain('Statut Parcoursup : Non publiable');
    expect(txt).toMatch(/Recalculé par les contrôles le .+ : hors du périmètre de Parcoursup/);
    expect(txt).toContain('SESSION_DATES');
    expect(page.body).toMatch(/<ul id="regles-recalcul">\s*<li>[^<]+\(code de la règle : SESSION_DATES\)/);
    expect(txt).toContain('Une règle bloquante la tient hors de la diffusion');
    expect(page.body).not.toContain('name="action"');
  });

  it('the draft and the offer awaiting validation say their own statut', async () => {
    const b = texte((await lyon.get(`/instruction/affelnet/${ids.brouillon}`)).body);
    expect(b).toContain('Statut de l’offre : Brouillon');
    expect(b).toContain('Cette offre n’est pas en instruction pour Affelnet');
    const a = texte((await lyon.get(`/instruction/affelnet/${ids.attente}`)).body);
    expect(a).toContain('Statut de l’offre : En attente de validation');
  });

  it.each(['corriger', 'retiree'])(
    'a forged decision on it (%s) is refused as before: 404, nothing recorded',
    async (k) => {
      const id = ids[k]!;
      const avant = await historiqueDecisions(id);
      const page = await lyon.get(`/instruction/parcoursup/${id}`);
      const post = await lyon.post(`/instruction/parcoursup/${id}`, { action: 'publier', version: 'x' });
      expect(post.statusCode).toBe(404);
      expect(post.body).toContain('introuvable');
      const r = await api('POST', `/api/v1/formations/${id}/plateformes/parcoursup/decision`, lyon, {
        action: 'publier',
      });
      expect(r.statusCode).toBe(404);
      expect(r.json()).toMatchObject({ code: 'INTROUVABLE' });
      expect(await historiqueDecisions(id)).toEqual(avant);
      expect(page.statusCode).toBe(200);
    },
  );

  it('an administrator gets the same page', async () => {
    const a = await compte(t, { email: 'ada@offre.test', role: 'admin' });
    const nav = new Navigateur(t.app, '10.6.0.3');
    await nav.seConnecter(a.email, a.motDePasse);
    const page = await nav.get(`/instruction/parcoursup/${ids.corriger}`);
    expect(page.statusCode).toBe(200);
    expect(texte(page.body)).toContain('Cette offre n’est pas en instruction pour Parcoursup');
  });
});

describe('another académie’s offer: nothing leaks', () => {
  /** The page with the id replaced, and the per-request tokens (CSRF, nonce) neutralised. */
  const normalise = (body: string, id: string) =>
    body
      .replaceAll(id, '<ID>')
      .replace(/nonce="[^"]*"/g, 'nonce=""')
      .replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""')
      .replace(/content="[A-Za-z0-9_-]{20,}"/g, 'content=""');

  it.each(['brouillon', 'attente', 'corriger', 'retiree'])(
    'its %s answers the instruction page and the decision exactly as an unknown id does',
    async (k) => {
      const id = ids[k]!;
      const inconnu = newId('fo', NOW);
      for (const p of ['parcoursup', 'affelnet']) {
        const page = await lille.get(`/instruction/${p}/${id}`);
        const rien = await lille.get(`/instruction/${p}/${inconnu}`);
        expect(rien.statusCode).toBe(404);
        expect(page.statusCode).toBe(404);
        expect(normalise(page.body, id).split('><')).toEqual(normalise(rien.body, inconnu).split('><'));
        expect(page.body).not.toContain('pas en instruction');
        const post = await lille.post(`/instruction/${p}/${id}`, { action: 'publier', version: 'x' });
        const postRien = await lille.post(`/instruction/${p}/${inconnu}`, {
          action: 'publier',
          version: 'x',
        });
        expect(post.statusCode).toBe(postRien.statusCode);
        expect(normalise(post.body, id)).toBe(normalise(postRien.body, inconnu));
        const r = await api('POST', `/api/v1/formations/${id}/plateformes/${p}/decision`, lille, {
          action: 'publier',
        });
        const rRien = await api('POST', `/api/v1/formations/${inconnu}/plateformes/${p}/decision`, lille, {
          action: 'publier',
        });
        expect(r.statusCode).toBe(404);
        expect(rRien.statusCode).toBe(404);
        expect(normalise(r.body, id)).toBe(normalise(rRien.body, inconnu));
      }
    },
  );

  it('a diffused offer of another académie keeps its 403 naming the académie (public already)', async () => {
    const page = await lille.get(`/instruction/parcoursup/${ids.validee}`);
    expect(page.statusCode).toBe(403);
    expect(texte(page.body)).toContain(
      'Cette offre relève de l’académie Lyon (10), pas de la vôtre : Lille (09).',
    );
  });
});

it('an instructeur bound to no académie (an old account) is told nothing of an offer it cannot read', async () => {
  const sansAcademie: Acteur = {
    kind: 'utilisateur',
    id: 'u_sans_academie',
    email: 'ancien@instruction.test',
    nom: 'Ancien compte',
    role: 'instructeur',
    siren: null,
    regions: [],
    academies: [],
  };
  await expect(situationInstruction(t.ctx.db, sansAcademie, ids.corriger!)).rejects.toMatchObject({
    code: 'INTROUVABLE',
  });
  // What it may read (diffused) is still its to see.
  await expect(situationInstruction(t.ctx.db, sansAcademie, ids.validee!)).resolves.toMatchObject({
    hors: null,
  });
});
