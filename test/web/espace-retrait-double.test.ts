import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { loadReferentiels, publieeParPages } from './espace.helpers.ts';

// A tester's report (04/12): a double click on « Retirer la session » of a published offer said
// « Cette session n’existe pas ou a été supprimée » the second time, though the first click only
// took it out of the revision (it stays diffused). The second click says so, as a notice.

let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@retrait.test', role: 'organisme', siren: SIREN_A }, '10.46.0.1');
  const g = await compte(t, { email: 'g11@retrait.test', role: 'gestionnaire', region: '11' });
  g11 = new Navigateur(t.app, '10.46.0.2');
  await g11.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t?.close());

describe('« Retirer la session » clicked twice on a published offer', () => {
  it('says the second time that the session is already out of the revision, as a notice, not an error', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Double clic sur retirer');
    const [s] = await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('formation_id', '=', id)
      .orderBy('debut')
      .execute();
    const url = `/espace/formations/${id}/sessions/${s!.id}/retirer`;
    await org.get(`/espace/formations/${id}`);
    const premier = await org.post(url, {});
    expect(premier.statusCode).toBe(303);
    const second = await org.post(url, {});
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(
      `/espace/formations/${id}?info=session_deja_retiree#session-retiree-${s!.id}`,
    );
    const page = await org.get(String(second.headers.location));
    expect(texte(page.body)).toContain('Cette session est déjà retirée de la révision en cours.');
    expect(texte(page.body)).not.toContain('n’existe pas ou a été supprimée');
    expect(page.body).toContain('fr-alert--info');
    // Still one revision entry for the removal: the second click wrote nothing.
    const entrees = await t.ctx.db
      .selectFrom('historique')
      .select('action')
      .where('formation_id', '=', id)
      .where('entite', '=', 'revision')
      .execute();
    expect(entrees.length).toBeLessThanOrEqual(1);
  });
});
