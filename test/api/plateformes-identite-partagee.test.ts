import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { identiteSql } from '../../src/db/plateforme.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { recomputeFormations } from '../../src/services/conformite.service.ts';
import { getFormation, listFormations, saveFormation } from '../../src/services/formation.service.ts';
import { applyRetours, decidePlateforme } from '../../src/services/plateforme.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';
import { type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// Two offers without cle_externe of the same certification, responsable and places share one
// identity, hence one platform state (docs/conformite.md « Un seul état par offre et par
// plateforme »). A decision or a platform return on one wrote the status column (what exports,
// the search, the API document and the dashboards read) of that one only: the other kept its
// former status, its document and the change feed said nothing. Every formation of the
// identity follows the state, in the decision's transaction, with its event and history entry.

let database: TestDatabase;
const sys = SYSTEME('test');
beforeAll(async () => {
  database = await testDatabase();
  await loadReferentiels(database.db, REFERENTIELS);
});
afterAll(() => database?.close());

it('a decision and a return on one of two offers sharing an identity: both show the state', async () => {
  const ctx = { ...testContext(database), now: () => NOW };
  const creer = async (intitule: string) => {
    const { id } = await saveFormation(ctx, sys, bts('PARTAGE', { cle_externe: null, intitule }));
    await transition(ctx, sys, id, 'publier');
    await transition(ctx, sys, id, 'valider');
    return id;
  };
  // Each write later than the last: an offer written at the same instant has its event already.
  const plusTard = (s: number) => ({ ...ctx, now: () => new Date(NOW.getTime() + s * 1000) });
  const a = await creer('BTS partagé premier');
  const b = await creer('BTS partagé second');
  const statuts = async (id: string) => {
    const doc = await getFormation(ctx.db, sys, id);
    const liste = await listFormations(ctx.db, { kind: 'anonyme' }, {}, { limit: 1000 }, 'partenaire');
    const exportee = liste.data.find((f) => f.id === id);
    const colonne = await ctx.db
      .selectFrom('formation')
      .select('parcoursup')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return [doc?.conformite.parcoursup, exportee?.conformite.parcoursup, colonne.parcoursup];
  };
  const evenements = async (id: string, depuis: number) =>
    (
      await sql<{
        n: string;
      }>`select count(*) as n from change_event where entite_id = ${id} and seq > ${depuis}`.execute(ctx.db)
    ).rows[0]!.n;
  const dernier = async () =>
    Number(
      (await sql<{ s: string }>`select coalesce(max(seq), 0) as s from change_event`.execute(ctx.db)).rows[0]!
        .s,
    );
  expect(await statuts(b)).toEqual(['a_publier', 'a_publier', 'a_publier']);

  const avant = await dernier();
  await decidePlateforme(plusTard(1), sys, a, 'parcoursup', { action: 'publier' });
  expect(await statuts(a)).toEqual([
    'pret_pour_integration',
    'pret_pour_integration',
    'pret_pour_integration',
  ]);
  expect(await statuts(b)).toEqual([
    'pret_pour_integration',
    'pret_pour_integration',
    'pret_pour_integration',
  ]);
  expect(Number(await evenements(b, avant))).toBe(1);
  const historique = await ctx.db
    .selectFrom('historique')
    .select(['action', 'diff'])
    .where('formation_id', '=', b)
    .where('entite', '=', 'plateforme:parcoursup')
    // The recomputation's own moves (validation: « À publier ») are plateformes-recalcul-historique.test.ts's.
    .where('action', '<>', 'recalcul')
    .execute();
  expect(historique.map((h) => h.action)).toEqual(['publier']);

  // The platform's return on b: a follows.
  const avantRetour = await dernier();
  const r = await applyRetours(plusTard(2), sys, 'parcoursup', [
    { id: b, statut: 'publie', id_plateforme: 'PS-1' },
  ]);
  expect(r.erreurs).toEqual([]);
  expect(await statuts(a)).toEqual(['publie', 'publie', 'publie']);
  expect(Number(await evenements(a, avantRetour))).toBe(1);
  expect(Number(await evenements(b, avantRetour))).toBe(1);
});

// The recomputation writes states too: an offer recomputed alone whose identity's status moves
// carries the other offers of that identity with it (their column, document and event).
it('a recomputation of one of two offers sharing an identity moves the other’s status too', async () => {
  const ctx = { ...testContext(database), now: () => NOW };
  const creer = async (intitule: string) => {
    const input = bts('PARTAGE-RECALCUL', {
      cle_externe: null,
      intitule,
      certification: { rncp: 'RNCP38368', cfd: null },
    });
    const { id } = await saveFormation(ctx, sys, input);
    await transition(ctx, sys, id, 'publier');
    await transition(ctx, sys, id, 'valider');
    return id;
  };
  const a = await creer('BTS recalcul premier');
  const b = await creer('BTS recalcul second');
  const etat = await ctx.db
    .selectFrom('plateforme_etat as e')
    .innerJoin('formation as f', (j) => j.on('e.identite', '=', identiteSql('f')))
    .select(['e.identite', 'e.statut'])
    .where('f.id', '=', b)
    .where('e.plateforme', '=', 'parcoursup')
    .executeTakeFirstOrThrow();
  expect(etat.statut).toBe('a_publier');
  // A state the rules no longer give (as before a scope rule's change), shown by both offers.
  await ctx.db
    .updateTable('plateforme_etat')
    .set({ statut: 'non_publiable' })
    .where('identite', '=', etat.identite)
    .where('plateforme', '=', 'parcoursup')
    .execute();
  await ctx.db
    .updateTable('formation')
    .set({ parcoursup: 'non_publiable' })
    .where('id', 'in', [a, b])
    .execute();
  const depuis = Number(
    (await sql<{ s: string }>`select coalesce(max(seq), 0) as s from change_event`.execute(ctx.db)).rows[0]!
      .s,
  );
  const plusTard = new Date(NOW.getTime() + 10_000);
  await ctx.db.transaction().execute((trx) => recomputeFormations(trx, [a], plusTard, { voisines: false }));
  for (const id of [a, b]) {
    const doc = await getFormation(ctx.db, sys, id);
    expect(doc?.conformite.parcoursup).toBe('a_publier');
  }
  const { rows } = await sql<{
    entite_id: string;
  }>`select entite_id from change_event where seq > ${depuis} order by seq`.execute(ctx.db);
  expect(rows.map((r) => r.entite_id).sort()).toEqual([a, b].sort());
});
