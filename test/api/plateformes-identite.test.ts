import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { listOffresInstruction } from '../../src/services/instruction.service.ts';
import {
  decidePlateforme,
  etatDeFormation,
  etatsDeFormation,
  offresPlateforme,
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

// The platform feed (GET /api/v1/plateformes/{p}/offres) and the instructeurs' list (/instruction)
// joined plateforme_etat on formation_id: an offer whose identity changed came with every row
// still naming it — its former identity's « Prêt pour intégration » sent to the platform when its
// current identity was only « À publier », and twice once the current one was ready too (the list
// counted it twice by status). They read the state of its current identity only.
it('the feed and the instructeurs’ list read the state of the offer’s current identity only', async () => {
  const ctx = { ...testContext(database), now: () => NOW };
  const admin: Acteur = {
    kind: 'utilisateur',
    id: 'adm',
    email: 'adm@ident.test',
    nom: 'Admin',
    role: 'admin',
    siren: null,
    regions: [],
    academies: [],
  };
  const villeurbanne = {
    adresse: '1 place Lazare Goujon',
    code_postal: '69100',
    commune: 'Villeurbanne',
    code_insee: '69266',
  };
  const input = bts('IDENT-FLUX', {
    cle_externe: null,
    intitule: 'BTS identité flux',
    certification: { rncp: 'RNCP38368', cfd: null },
  });
  const { id } = await saveFormation(ctx, sys, input);
  await transition(ctx, sys, id, 'publier');
  await transition(ctx, sys, id, 'valider');
  await decidePlateforme(ctx, sys, id, 'parcoursup', { action: 'publier' });
  const flux = async () =>
    (await offresPlateforme(ctx.db, 'parcoursup', null, 1000)).data.filter((o) => o.id === id);
  const liste = async () => {
    const r = await listOffresInstruction(ctx, admin, 'parcoursup', { q: 'identité flux' });
    return { lignes: r.lignes.map((l) => l.statut), total: r.total };
  };
  expect((await flux()).map((o) => o.statut)).toEqual(['pret_pour_integration']);
  // The offer moves: its current identity has no decision yet.
  await saveFormation(
    ctx,
    sys,
    { ...input, sessions: input.sessions.map((s) => ({ ...s, lieu: villeurbanne })) },
    { id },
  );
  const courant = (await etatsDeFormation(ctx.db, id, NOW)).find((e) => e.plateforme === 'parcoursup');
  expect(courant?.statut).toBe('a_publier');
  expect(await flux()).toEqual([]);
  expect(await liste()).toEqual({ lignes: ['a_publier'], total: 1 });
  // Ready again, under its current identity: once, with it.
  await decidePlateforme(ctx, sys, id, 'parcoursup', { action: 'publier' });
  expect((await flux()).map((o) => [o.statut, o.identite])).toEqual([
    ['pret_pour_integration', 'cert:RNCP38368||13002526500013|69266'],
  ]);
  expect(await liste()).toEqual({ lignes: ['pret_pour_integration'], total: 1 });
  const parStatut = (await listOffresInstruction(ctx, admin, 'parcoursup', {})).parStatut;
  const avant = parStatut.find((s) => s.statut === 'pret_pour_integration')?.n ?? 0;
  // Its former identity's row is still there (the status memory), naming it: not counted.
  const n = await ctx.db
    .selectFrom('plateforme_etat')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('formation_id', '=', id)
    .where('plateforme', '=', 'parcoursup')
    .executeTakeFirstOrThrow();
  expect(Number(n.n)).toBe(2);
  expect(avant).toBe(1);
});
