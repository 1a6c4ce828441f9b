import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import {
  decidePlateforme,
  etatDeFormation,
  etatsDeFormation,
} from '../../src/services/plateforme.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';
import { type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// Platform states are kept per offer identity (domain/plateforme.ts identiteOffre): an offer
// without cle_externe is known by its certification, responsable and places. When its places
// change, its state moves to a new identity and the old row stays (the status memory of that
// identity), still naming the formation. The API's states of a formation read every row naming it,
// in no order: GET …/plateformes listed two Parcoursup states, GET …/plateformes/parcoursup gave
// whichever the server returned first — with the old one, a `version` no decision ever matches
// (decisions read the state of the offer's current identity): If-Match refused (412) whatever
// the client re-read.

let database: TestDatabase;
const sys = SYSTEME('test');
beforeAll(async () => {
  database = await testDatabase();
  await loadReferentiels(database.db, REFERENTIELS);
});
afterAll(() => database?.close());

it('an offer whose identity changed: one state per platform, the one its decisions apply to', async () => {
  const ctx = { ...testContext(database), now: () => NOW };
  const grenoble = {
    adresse: '5 place Victor Hugo',
    code_postal: '38000',
    commune: 'Grenoble',
    code_insee: '38185',
  };
  const input = bts('IDENT', { cle_externe: null, intitule: 'BTS sans clé' });
  const { id } = await saveFormation(ctx, sys, input);
  await transition(ctx, sys, id, 'publier');
  await transition(ctx, sys, id, 'valider');
  // A decision on the first identity, then the offer moves (its identity with it).
  await decidePlateforme(ctx, sys, id, 'parcoursup', { action: 'non_publier', motif: 'Ancienne adresse' });
  const sessions = input.sessions.map((s) => ({ ...s, lieu: grenoble }));
  await saveFormation(ctx, sys, { ...input, sessions }, { id });
  const lus = (await etatsDeFormation(ctx.db, id, NOW)).filter((e) => e.plateforme === 'parcoursup');
  expect(lus).toHaveLength(1);
  const un = await etatDeFormation(ctx.db, id, 'parcoursup', NOW);
  expect(un).toEqual(lus[0]);
  // Its version is the one a decision checks: If-Match with it passes.
  const r = await decidePlateforme(
    ctx,
    sys,
    id,
    'parcoursup',
    { action: 'non_publier', motif: 'Nouvelle adresse' },
    { siMatch: [un.version] },
  );
  expect(r.statut).toBe('non_publie');
});
