import { afterAll, beforeAll, expect, it } from 'vitest';
import { COLONNES_ETAT, type EtatStocke, loadEtats, saveEtats } from '../../src/db/plateforme.repository.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';
import { formationFixture, SIREN_A } from '../helpers/formations.ts';

// loadEtats and saveEtats each listed plateforme_etat's columns (ten in one, ten in the other,
// in two spellings). One list now, COLONNES_ETAT: every column of the table but its trace
// (updated_at, updated_by), with its type, and every one written then read back, inserted and updated.

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database?.close());

it('COLONNES_ETAT names every column of plateforme_etat but its trace, with its type', async () => {
  const colonnes = await database.db
    .selectFrom('information_schema.columns' as never)
    .select(['column_name' as never, 'data_type' as never])
    .where('table_name' as never, '=', 'plateforme_etat' as never)
    .where('table_schema' as never, '=', 'public' as never)
    .execute();
  const attendues = Object.fromEntries(
    (colonnes as { column_name: string; data_type: string }[])
      .filter((c) => c.column_name !== 'updated_at' && c.column_name !== 'updated_by')
      .map((c) => [c.column_name, c.data_type === 'integer' ? 'int' : c.data_type]),
  );
  expect(COLONNES_ETAT).toEqual(attendues);
});

it('saveEtats writes every column (insert, then update) and loadEtats reads every one back', async () => {
  const ctx = testContext(database);
  const { id } = await saveFormation(ctx, organismeDe(SIREN_A), formationFixture());
  const premier: EtatStocke = {
    plateforme: 'parcoursup',
    identite: 'colonnes-1',
    formation_id: null,
    statut: 'a_publier',
    decision: 'non_publie',
    motif: 'Motif',
    action_corrective: 'Action',
    id_plateforme: 'PS-1',
    annee: 2026,
    publie_annee: 2025,
  };
  await saveEtats(database.db, [premier], 'test:premier', new Date('2026-12-06T08:00:00Z'));
  expect((await loadEtats(database.db, ['colonnes-1'])).get('parcoursup|colonnes-1')).toEqual(premier);
  const second: EtatStocke = {
    ...premier,
    formation_id: id,
    statut: 'publie',
    decision: 'en_attente_mise_a_jour',
    motif: null,
    action_corrective: 'Autre action',
    id_plateforme: 'PS-2',
    annee: 2027,
    publie_annee: 2027,
  };
  await saveEtats(database.db, [second], 'test:second', new Date('2026-12-06T09:00:00Z'));
  expect((await loadEtats(database.db, ['colonnes-1'])).get('parcoursup|colonnes-1')).toEqual(second);
  const trace = await database.db
    .selectFrom('plateforme_etat')
    .select(['updated_by', 'updated_at'])
    .where('identite', '=', 'colonnes-1')
    .executeTakeFirstOrThrow();
  expect(trace.updated_by).toBe('test:second');
  expect(new Date(trace.updated_at as unknown as string).toISOString()).toBe('2026-12-06T09:00:00.000Z');
});
