import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as m1070 from '../../src/db/migrations/1070_plateforme_hors_perimetre.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { refreshDocuments } from '../../src/services/formation-document.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, REFERENTIELS } from '../conformite/formations.fixture.ts';

// Migration 1070: the platform decisions an instructeur could record on offers out of the
// perimeter (a draft, a conventionné-only action) are put right — a conventionné-only action's
// decisions cleared, every out-of-perimeter offer « Non publiable », its stored document dropped;
// a validated apprenticeship offer's decision untouched.

let t: TestApi;
const sys = SYSTEME('test');

beforeAll(async () => {
  t = await testApi();
  await loadReferentiels(t.ctx.db, REFERENTIELS);
});
afterAll(() => t?.close());

const conventionnee = (cle: string) => {
  const base = bts(cle);
  return {
    ...base,
    financeurs: ['region' as const],
    modalites: { ...base.modalites, contrat_apprentissage: false, annees_apprentissage: [] },
    sessions: base.sessions.map((s) => ({
      ...s,
      financeur: 'region' as const,
      numero_marche: 'M1451401',
      contact: { nom: 'Accueil', telephone: '0472000000', courriel: 'accueil@cfa.example' },
    })),
  };
};

/** What the bug stored: an instructeur's « en attente » on Affelnet, on the row and the formation. */
async function enAttente(id: string) {
  await sql`update plateforme_etat set statut = 'en_attente_mise_a_jour', decision = 'en_attente_mise_a_jour', motif = 'test'
    where formation_id = ${id} and plateforme = 'affelnet'`.execute(t.ctx.db);
  await sql`update formation set affelnet = 'en_attente_mise_a_jour' where id = ${id}`.execute(t.ctx.db);
}

const etat = async (id: string) =>
  (
    await sql<{ statut: string; decision: string | null; affelnet: string; document: boolean }>`
      select e.statut, e.decision, f.affelnet, exists (select 1 from formation_document d where d.formation_id = f.id) as document
      from plateforme_etat e join formation f on f.id = e.formation_id
      where e.formation_id = ${id} and e.plateforme = 'affelnet'`.execute(t.ctx.db)
  ).rows[0]!;

it('clears a conventionné-only action’s decisions, shows drafts « Non publiable », keeps a validated offer’s decision', async () => {
  const validee = (await saveFormation(t.ctx, sys, bts('M-VALIDEE'))).id;
  await transition(t.ctx, sys, validee, 'publier');
  await transition(t.ctx, sys, validee, 'valider');
  const conv = (await saveFormation(t.ctx, sys, conventionnee('M-CONV'))).id;
  await transition(t.ctx, sys, conv, 'publier');
  await transition(t.ctx, sys, conv, 'valider');
  const brouillon = (await saveFormation(t.ctx, sys, bts('M-BROUILLON'))).id;
  for (const id of [validee, conv, brouillon]) await enAttente(id);
  // The stored API documents, with the bad status in them (as the bug's decisions stored them).
  await refreshDocuments(t.ctx.db, [validee, conv, brouillon]);
  const documentValidee = (await etat(validee)).document;
  expect((await etat(conv)).document).toBe(true);

  await m1070.up(t.ctx.db as unknown as Kysely<unknown>);

  expect(await etat(validee)).toEqual({
    statut: 'en_attente_mise_a_jour',
    decision: 'en_attente_mise_a_jour',
    affelnet: 'en_attente_mise_a_jour',
    document: documentValidee,
  });
  expect(await etat(conv)).toEqual({
    statut: 'non_publiable',
    decision: null,
    affelnet: 'non_publiable',
    document: false,
  });
  expect(await etat(brouillon)).toMatchObject({
    statut: 'non_publiable',
    decision: 'en_attente_mise_a_jour',
    affelnet: 'non_publiable',
  });
  // Run twice: nothing more changes.
  await m1070.up(t.ctx.db as unknown as Kysely<unknown>);
  expect((await etat(validee)).statut).toBe('en_attente_mise_a_jour');
});
