import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { compte, deciderPlateforme, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { loadReferentiels } from './faits.helper.ts';
import { bts, NOW, REFERENTIELS } from './formations.fixture.ts';

// A fresh instructor's report (M2): « Publier » set on Parcoursup, then the offer became
// non-publishable (a rule failed) and publishable again — its status went back to « À publier »
// and its history said nothing of it. The recomputation's status moves are now written to the
// platform history (action `recalcul`, actor systeme:conformite) with their reason, shown by the
// instructeur's page, the gestionnaire's review, the organisme's history and the API.

let t: TestWeb;
const sys = SYSTEME('test');
let lyon: Navigateur;
let id: string;

const statut = async () =>
  (await t.ctx.db.selectFrom('formation').select('parcoursup').where('id', '=', id).executeTakeFirstOrThrow())
    .parcoursup;

const historique = async () =>
  (
    await t.ctx.db
      .selectFrom('historique')
      .select(['action', 'acteur', 'diff'])
      .where('entite', '=', 'plateforme:parcoursup')
      .where('formation_id', '=', id)
      .orderBy('id')
      .execute()
  ).map((h) => ({ ...h, diff: typeof h.diff === 'string' ? JSON.parse(h.diff) : h.diff }));

/** The offer with only its second year open to apprenticeship (FORM_PREMIERE_ANNEE fails), or back. */
const annees = (a: number[]) => {
  const b = bts('RECALC', { intitule: 'BTS RECALC' });
  return { ...b, modalites: { ...b.modalites, annees_apprentissage: a } };
};

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  id = (await saveFormation(t.ctx, sys, annees([1, 2]))).id;
  await transition(t.ctx, sys, id, 'publier');
  await transition(t.ctx, sys, id, 'valider');
  const i = await compte(t, { email: 'irene@ac-lyon.test', role: 'instructeur', academie: '10' });
  lyon = new Navigateur(t.app, '10.5.0.1');
  await lyon.seConnecter(i.email, i.motDePasse);
});
afterAll(() => t.close());

/** Writes the offer as its organisme's import does, then validates it when it awaits validation. */
async function ecrire(a: number[]) {
  await saveFormation(t.ctx, sys, annees(a));
  const { statut: s } = await t.ctx.db
    .selectFrom('formation')
    .select('statut')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  if (s === 'en_attente_validation') await transition(t.ctx, sys, id, 'valider');
}

describe('the recomputation’s platform status moves are in the history, with their reason', () => {
  it('Publier → a rule fails → publishable again: two entries « recalcul » saying why', async () => {
    expect(await statut()).toBe('a_publier');
    const d = await deciderPlateforme(lyon, 'parcoursup', id, { action: 'publier' });
    expect(d.statusCode, d.body).toBeLessThan(400);
    expect(await statut()).toBe('pret_pour_integration');

    await ecrire([2]);
    expect(await statut()).toBe('non_publiable');
    await ecrire([1, 2]);
    // Today's behaviour kept (docs/conformite.md): « Publier » is not taken back, an instructeur decides again.
    expect(await statut()).toBe('a_publier');

    const h = await historique();
    expect(h.map((x) => [x.action, x.acteur])).toEqual([
      // Validated: it entered Parcoursup's perimeter (its first state, as a draft, was « Non publiable »).
      ['recalcul', 'systeme:conformite'],
      ['publier', 'utilisateur:irene@ac-lyon.test'],
      ['recalcul', 'systeme:conformite'],
      ['recalcul', 'systeme:conformite'],
    ]);
    expect(h[2]!.diff).toEqual([
      {
        champ: 'parcoursup',
        avant: 'pret_pour_integration',
        apres: 'non_publiable',
        raison: 'règle en échec : FORM_PREMIERE_ANNEE (Première année ouverte à l’apprentissage).',
        regles: ['FORM_PREMIERE_ANNEE'],
      },
    ]);
    expect(h[3]!.diff).toEqual([
      {
        champ: 'parcoursup',
        avant: 'non_publiable',
        apres: 'a_publier',
        raison: expect.stringMatching(
          /^l’offre devient publiable \(règle de périmètre n° \d+ : « À publier »\) : plus aucune condition ne l’écarte de Parcoursup\. Un instructeur décide de sa publication \(une décision « Publier » antérieure n’est pas reprise\)\.$/,
        ),
      },
    ]);
  });

  it('the API serves them (GET /formations/{id}/historique) and the change feed has the offer’s update', async () => {
    const key = (await import('../../src/services/apikey.service.ts')).createApiKey;
    const admin = (await key(t.ctx, { name: 'recalc-admin', scope: 'admin' })).key;
    const r = await t.app.inject({
      url: `/api/v1/formations/${id}/historique`,
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    const entrees = (Array.isArray(body) ? body : body.data) as {
      action: string;
      entite: string;
      diff: { raison?: string; apres: string }[];
    }[];
    const recalculs = entrees.filter((e) => e.entite === 'plateforme:parcoursup' && e.action === 'recalcul');
    expect(recalculs.map((e) => e.diff[0]!.apres).sort()).toEqual([
      'a_publier',
      'a_publier',
      'non_publiable',
    ]);
    expect(recalculs.every((e) => e.diff[0]!.raison)).toBe(true);
    // The feed: the offer's status is in its document, so each move is an `update` event.
    const f = await t.app.inject({
      url: '/api/v1/changes?limit=1000',
      headers: { authorization: `Bearer ${admin}` },
    });
    const statuts = (
      f.json().data as { id: string; formation: { conformite: { parcoursup: string } } | null }[]
    )
      .filter((e) => e.id === id && e.formation)
      .map((e) => e.formation!.conformite.parcoursup);
    // (an event carries the formation's current document: its latest status)
    expect(statuts.length).toBeGreaterThan(0);
    expect(statuts.at(-1)).toBe('a_publier');
  });

  it('the instructeur’s page shows them with their reason; the last decision stays « Publier »', async () => {
    const page = await lyon.get(`/instruction/parcoursup/${id}`);
    expect(page.statusCode).toBe(200);
    const txt = texte(page.body);
    expect(txt).toContain(
      'Statut recalculé par les contrôles par Offre (calcul de conformité) – Prêt pour intégration → Non publiable : règle en échec : FORM_PREMIERE_ANNEE (Première année ouverte à l’apprentissage).',
    );
    expect(txt).toContain('Non publiable → À publier : l’offre devient publiable');
  });

  it('the gestionnaire’s review and the organisme’s history say them too', async () => {
    const g = await compte(t, { email: 'gaelle@region.test', role: 'gestionnaire', region: '84' });
    const nav = new Navigateur(t.app, '10.5.0.2');
    await nav.seConnecter(g.email, g.motDePasse);
    const revue = await nav.get(`/gestion/formations/${id}`);
    expect(revue.statusCode).toBe(200);
    expect(texte(revue.body)).toContain('Parcoursup : statut recalculé par les contrôles');
    expect(texte(revue.body)).toContain(
      'Raison : Règle en échec : FORM_PREMIERE_ANNEE (Première année ouverte à l’apprentissage).',
    );
    const o = await compte(t, { email: 'olga@cfa-a.test', role: 'organisme', siren: '130025265' });
    const org = new Navigateur(t.app, '10.5.0.3');
    await org.seConnecter(o.email, o.motDePasse);
    const h = await org.get(`/espace/formations/${id}/historique`);
    expect(h.statusCode, h.body.slice(0, 200)).toBe(200);
    expect(texte(h.body)).toContain('Parcoursup : statut recalculé par les contrôles');
    expect(texte(h.body)).toContain('Raison : L’offre devient publiable');
  });
});
