import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { compte, deciderPlateforme, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';

// An instructeur's decision taken on the page /instruction reaches the change feed (fresh user's
// HIGH defect, 05/12/2026): a consumer reading incrementally sees « non publié », with the
// document's updated_at moved to the decision.

let t: TestWeb;
let horloge = NOW;
let id: string;
let lyon: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => horloge });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  const sys = SYSTEME('test');
  ({ id } = await saveFormation(t.ctx, sys, bts('INSTR-FLUX', { intitule: 'BTS INSTR-FLUX' })));
  await transition(t.ctx, sys, id, 'publier');
  await transition(t.ctx, sys, id, 'valider');
  const i = await compte(t, {
    email: 'flux@ac-lyon.test',
    role: 'instructeur',
    academie: '10',
    nom: 'Inès Flux',
  });
  lyon = new Navigateur(t.app, '10.3.0.9');
  await lyon.seConnecter(i.email, i.motDePasse);
});
afterAll(() => t.close());

it('a decision on the instruction page is an update event of the feed, for every reader', async () => {
  const cle = (await createApiKey(t.ctx, { name: 'admin-flux', scope: 'admin' })).key;
  const lire = async (url: string, key?: string) =>
    (await t.app.inject({ url, headers: key ? { authorization: `Bearer ${key}` } : {} })).json();
  const since = (await lire('/api/v1/changes?since=0&limit=1000', cle)).data.at(-1).seq;
  const avant = await lire(`/api/v1/formations/${id}`, cle);
  horloge = new Date(NOW.getTime() + 3_600_000);
  const r = await deciderPlateforme(lyon, 'parcoursup', id, {
    action: 'non_publier',
    motif: 'Capacité non confirmée',
  });
  expect(r.statusCode).toBe(303);
  for (const key of [cle, undefined]) {
    const { data } = await lire(`/api/v1/changes?since=${since}`, key);
    expect(data.map((e: { id: string; action: string }) => [e.id, e.action])).toEqual([[id, 'update']]);
    expect(data[0].formation.conformite.parcoursup).toBe('non_publie');
    expect(data[0].formation.updated_at).toBe(horloge.toISOString());
  }
  expect((await lire(`/api/v1/formations/${id}`, cle)).updated_at).not.toBe(avant.updated_at);
});
