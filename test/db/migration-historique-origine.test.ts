import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m0990 from '../../src/db/migrations/0990_historique_origine.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Migration 0990 (the import a history entry came from): down then up keeps every entry (the
// history is append-only), the column comes back empty, and only the two imports are accepted.

let database: TestDatabase;
let db: Kysely<unknown>;

const inserer = (origine: string | null) => sql`
  insert into historique (formation_id, entite, entite_id, action, acteur, diff, origine)
  values ('fo_1', 'formation', 'fo_1', 'update', 'utilisateur:a@b.fr', '[]', ${origine})`;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db as unknown as Kysely<unknown>;
  await inserer('lheo').execute(db);
});
afterAll(() => database?.close());

describe('migration 0990', () => {
  it('goes down and up again keeping the entries; refuses an origin that is no import', async () => {
    await m0990.down(db);
    await m0990.up(db);
    const { rows } = await sql<{ origine: string | null }>`select origine from historique`.execute(db);
    expect(rows).toEqual([{ origine: null }]);
    await inserer('classeur').execute(db);
    await expect(inserer('page').execute(db)).rejects.toThrow(/historique_origine_check|check/);
  });
});
