import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { recomputeAll } from '../../src/services/conformite.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { compte, deciderPlateforme, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';

// The instructeur's perimeter (RULES.md « What the results decide »): Parcoursup and Affelnet only
// concern validated offers of the Catalogue général open to apprenticeship, within the
// instructeur's académie. Before, /instruction listed every offer with a platform row — drafts,
// offers awaiting validation or « à corriger », conventionné-only actions — and an instructeur
// could open and decide on them (page and API) while GET /formations/{id} answered 404.

let t: TestWeb;
const sys = SYSTEME('test');
let lyon: Navigateur;
let lille: Navigateur;
let admin: string;
const ids: Record<string, string> = {};

/** A Région-funded action without a contrat d'apprentissage: conventionné only (docs/conventionne.md). */
function conventionnee(cle: string) {
  const base = bts(cle, { intitule: `Action ${cle}` });
  return {
    ...base,
    financeurs: ['region' as const],
    modalites: { ...base.modalites, contrat_apprentissage: false, annees_apprentissage: [] },
    sessions: base.sessions.map((s) => ({
      ...s,
      financeur: 'region' as const,
      numero_marche: 'M1451401',
      date_notification_marche: '2026-03-10',
      contact: { nom: 'Accueil', telephone: '0472000000', courriel: 'accueil@cfa.example' },
    })),
  };
}

const etats = async (id: string) =>
  t.ctx.db
    .selectFrom('plateforme_etat')
    .select(['plateforme', 'statut', 'decision'])
    .where('formation_id', '=', id)
    .orderBy('plateforme')
    .execute();
const decisions = async (id: string) =>
  (
    await t.ctx.db
      .selectFrom('historique')
      .select('action')
      .where('formation_id', '=', id)
      .where('entite', 'like', 'plateforme:%')
      // Decisions only: not the recomputation's status moves (its validation made it « À publier »).
      .where('action', '<>', 'recalcul')
      .execute()
  ).length;

async function api(method: 'GET' | 'POST', url: string, payload?: unknown, nav = lyon) {
  return t.app.inject({
    method,
    url,
    cookies: Object.fromEntries(nav.cookies),
    headers: method === 'POST' ? { 'x-csrf-token': nav.csrf! } : {},
    ...(payload ? { payload } : {}),
  });
}

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  const cree = async (cle: string, input = bts(cle, { intitule: `BTS ${cle}` })) =>
    (await saveFormation(t.ctx, sys, input)).id;
  ids.validee = await cree('PERIM-VALIDEE');
  await transition(t.ctx, sys, ids.validee, 'publier');
  await transition(t.ctx, sys, ids.validee, 'valider');
  const an2 = bts('PERIM-AN2', { intitule: 'BTS PERIM-AN2' });
  ids.an2 = await cree('PERIM-AN2', { ...an2, modalites: { ...an2.modalites, annees_apprentissage: [2] } });
  await transition(t.ctx, sys, ids.an2, 'publier');
  await transition(t.ctx, sys, ids.an2, 'valider');
  ids.brouillon = await cree('PERIM-BROUILLON');
  ids.attente = await cree('PERIM-ATTENTE');
  await transition(t.ctx, sys, ids.attente, 'publier');
  ids.corriger = await cree('PERIM-CORRIGER');
  await transition(t.ctx, sys, ids.corriger, 'publier');
  await transition(t.ctx, sys, ids.corriger, 'retourner', 'Précisez le contenu.');
  ids.conventionnee = await cree('PERIM-CONV', conventionnee('PERIM-CONV'));
  await transition(t.ctx, sys, ids.conventionnee, 'publier');
  await transition(t.ctx, sys, ids.conventionnee, 'valider');
  ids.conventionneeBrouillon = await cree('PERIM-CONV-B', conventionnee('PERIM-CONV-B'));
  const i = await compte(t, { email: 'iris@ac-lyon.test', role: 'instructeur', academie: '10' });
  lyon = new Navigateur(t.app, '10.4.0.1');
  await lyon.seConnecter(i.email, i.motDePasse);
  await lyon.get('/instruction');
  const j = await compte(t, { email: 'ivan@ac-lille.test', role: 'instructeur', academie: '09' });
  lille = new Navigateur(t.app, '10.4.0.2');
  await lille.seConnecter(j.email, j.motDePasse);
  await lille.get('/instruction');
  admin = (await createApiKey(t.ctx, { name: 'admin', scope: 'admin' })).key;
});
afterAll(() => t.close());

it('the fixtures are what they claim (statut, catalogue, readable by the instructeur or not)', async () => {
  const rows = await t.ctx.db
    .selectFrom('formation')
    .select(['id', 'statut', 'catalogue'])
    .where('id', 'in', Object.values(ids))
    .execute();
  const par = new Map(rows.map((r) => [r.id, r]));
  expect(par.get(ids.validee!)).toMatchObject({ statut: 'publiee', catalogue: 'general' });
  expect(par.get(ids.conventionnee!)).toMatchObject({ statut: 'publiee', catalogue: 'general' });
  expect(par.get(ids.brouillon!)!.statut).toBe('brouillon');
  expect(par.get(ids.attente!)!.statut).toBe('en_attente_validation');
  expect(par.get(ids.corriger!)!.statut).toBe('a_corriger');
  // The published conventionné-only action is readable: its 404 below is the perimeter, not access.
  expect((await api('GET', `/api/v1/formations/${ids.conventionnee}`)).statusCode).toBe(200);
  for (const k of ['brouillon', 'attente', 'corriger', 'conventionneeBrouillon'])
    expect((await api('GET', `/api/v1/formations/${ids[k]}`)).statusCode).toBe(404);
});

it('lists only the validated apprenticeship offers of the académie, on both platforms', async () => {
  for (const p of ['parcoursup', 'affelnet']) {
    const liste = await lyon.get(`/instruction?plateforme=${p}`);
    expect(liste.statusCode).toBe(200);
    expect(liste.body).toContain('BTS PERIM-VALIDEE');
    for (const absent of ['PERIM-BROUILLON', 'PERIM-ATTENTE', 'PERIM-CORRIGER', 'PERIM-CONV'])
      expect(liste.body).not.toContain(absent);
  }
});

describe.each(['brouillon', 'attente', 'corriger', 'conventionnee', 'conventionneeBrouillon'])(
  'an offer outside the perimeter (%s)',
  (k) => {
    // Two fresh users' report: its page was a 404 « introuvable » though the offer is of the
    // instructeur's académie. It now says the offer is not in instruction (no decision form);
    // a decision on it is still refused (instruction-hors-instruction.test.ts has the rest).
    it('its page says it is not in instruction, a decision on the page or the API is 404 and nothing is recorded', async () => {
      const id = ids[k]!;
      const avant = await etats(id);
      for (const p of ['parcoursup', 'affelnet']) {
        const page = await lyon.get(`/instruction/${p}/${id}`);
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-type']).toMatch(/text\/html/);
        expect(texte(page.body)).toContain('Cette offre n’est pas en instruction');
        expect(page.body).not.toContain('name="action"');
        if (k === 'conventionnee')
          expect(texte(page.body)).toContain('c’est une action conventionnée seulement');
        // Not readable and never decided on: its title is not shown.
        else expect(page.body).not.toContain('PERIM-');
        const post = await lyon.post(`/instruction/${p}/${id}`, {
          action: 'mettre_en_attente',
          motif: 'test',
        });
        expect(post.statusCode).toBe(404);
        const r = await api('POST', `/api/v1/formations/${id}/plateformes/${p}/decision`, {
          action: 'non_publier',
          motif: 'test',
        });
        expect(r.statusCode).toBe(404);
        expect(r.json()).toMatchObject({ code: 'INTROUVABLE' });
      }
      expect(await etats(id)).toEqual(avant);
      expect(avant.every((e) => e.statut === 'non_publiable' && e.decision === null)).toBe(true);
      expect(await decisions(id)).toBe(0);
    });
  },
);

it('an offer of another académie: not listed, 403 on the page, the form and the API, nothing recorded', async () => {
  expect((await lille.get('/instruction?plateforme=affelnet')).body).not.toContain('PERIM-VALIDEE');
  const page = await lille.get(`/instruction/affelnet/${ids.validee}`);
  expect(page.statusCode).toBe(403);
  // A fresh user's report: it named only the instructeur's académie; the offer's is public.
  expect(texte(page.body)).toContain(
    'Cette offre relève de l’académie Lyon (10), pas de la vôtre : Lille (09).',
  );
  expect(
    (await lille.post(`/instruction/affelnet/${ids.validee}`, { action: 'mettre_en_attente', motif: 'x' }))
      .statusCode,
  ).toBe(403);
  const r = await api(
    'POST',
    `/api/v1/formations/${ids.validee}/plateformes/affelnet/decision`,
    { action: 'mettre_en_attente' },
    lille,
  );
  expect(r.statusCode).toBe(403);
  // Another académie's draft: 404 as its GET, not 403 (which would tell it exists).
  const b = await api(
    'POST',
    `/api/v1/formations/${ids.brouillon}/plateformes/affelnet/decision`,
    { action: 'mettre_en_attente' },
    lille,
  );
  expect(b.statusCode).toBe(404);
  expect(await decisions(ids.validee!)).toBe(0);
});

it('an administrator is held to the perimeter too (API key): 404 on a conventionné-only action', async () => {
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/formations/${ids.conventionnee}/plateformes/affelnet/decision`,
    headers: { authorization: `Bearer ${admin}` },
    payload: { action: 'mettre_en_attente' },
  });
  expect(r.statusCode).toBe(404);
  expect(r.json().detail ?? r.json().message).toContain('conventionnée seulement');
  expect(await decisions(ids.conventionnee!)).toBe(0);
});

it('the validated offer inside the perimeter is decided on, page and API', async () => {
  const page = await lyon.get(`/instruction/parcoursup/${ids.validee}`);
  expect(page.statusCode).toBe(200);
  expect(
    (await deciderPlateforme(lyon, 'parcoursup', ids.validee!, { action: 'mettre_en_attente', motif: 'x' }))
      .statusCode,
  ).toBe(303);
  const r = await api('POST', `/api/v1/formations/${ids.validee}/plateformes/affelnet/decision`, {
    action: 'non_publier',
    motif: 'Hors carte',
  });
  expect(r.statusCode).toBe(200);
  expect(r.json()).toMatchObject({ statut: 'non_publie' });
});

it('a stored decision or state on an offer out of the perimeter: the recomputation shows « Non publiable », the feed leaves it out', async () => {
  // What the bug stored: a conventionné-only action « en attente » on Affelnet, « prêt » on Parcoursup.
  const id = ids.conventionnee!;
  await t.ctx.db
    .updateTable('plateforme_etat')
    .set({ statut: 'en_attente_mise_a_jour', decision: 'en_attente_mise_a_jour' })
    .where('formation_id', '=', id)
    .where('plateforme', '=', 'affelnet')
    .execute();
  await t.ctx.db
    .updateTable('plateforme_etat')
    .set({ statut: 'pret_pour_integration' })
    .where('formation_id', '=', id)
    .where('plateforme', '=', 'parcoursup')
    .execute();
  const flux = await t.app.inject({
    url: '/api/v1/plateformes/parcoursup/offres',
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(flux.statusCode).toBe(200);
  expect(flux.json().data.map((o: { id: string }) => o.id)).not.toContain(id);
  await recomputeAll(t.ctx);
  expect((await etats(id)).map((e) => e.statut)).toEqual(['non_publiable', 'non_publiable']);
  const f = await t.ctx.db
    .selectFrom('formation')
    .select(['parcoursup', 'affelnet'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  expect(f).toEqual({ parcoursup: 'non_publiable', affelnet: 'non_publiable' });
  const json = (await t.app.inject({ url: `/api/v1/formations/${id}` })).json();
  expect(json.conformite).toMatchObject({ parcoursup: 'non_publiable', affelnet: 'non_publiable' });
  // The validated offer's decision, inside the perimeter, is untouched by the recomputation.
  expect((await etats(ids.validee!)).map((e) => e.statut)).toEqual(['non_publie', 'en_attente_mise_a_jour']);
});

it('the offer’s page words a failing rule in French: its label, « Échec … », the code aside', async () => {
  const page = await lyon.get(`/instruction/affelnet/${ids.an2}`);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain(
    'Échec « plateformes » : l’offre ne peut aller ni sur Parcoursup ni sur Affelnet',
  );
  expect(page.body).toContain('Code de la règle : FORM_PREMIERE_ANNEE');
  expect(page.body).not.toMatch(/\((bloquant|plateforme|alerte), echec\)/);
  expect(page.body).not.toContain('echec)');
});
