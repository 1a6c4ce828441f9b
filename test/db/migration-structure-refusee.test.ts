import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m1047 from '../../src/db/migrations/1047_structure_refusee.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Migration 1047: a structure may be `refusee` (kept for the accounts an administrator attached),
// and a pending one knows the account its sign-up created (from the sign-up's history).

let database: TestDatabase;
let db: Kysely<unknown>;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db as unknown as Kysely<unknown>;
});
afterAll(() => database?.close());

describe('migration 1047', () => {
  it('finds a pending structure’s demandeur in its history; refusee is a status, down drops those', async () => {
    await m1047.down(db);
    await sql`
      insert into structure (siren, raison_sociale, region, statut) values ('832420103', 'CFA', '52', 'en_attente');
      insert into utilisateur (id, email, password_hash, role, siren, created_at) values
        ('ut_d', 'demandeur@cfa.test', 'x', 'organisme', '832420103', now()),
        ('ut_a', 'o2@carif.example', 'x', 'organisme', '832420103', now());
      insert into historique (entite, entite_id, action, acteur)
        values ('structure', '832420103', 'inscription', 'utilisateur:demandeur@cfa.test');
    `.execute(db);
    await expect(
      sql`update structure set statut = 'refusee' where siren = '832420103'`.execute(db),
    ).rejects.toThrow(/structure_statut_check/);
    await m1047.up(db);
    const s = await sql<{ demandeur: string | null }>`select demandeur from structure`.execute(db);
    expect(s.rows).toEqual([{ demandeur: 'ut_d' }]);
    await sql`update structure set statut = 'refusee' where siren = '832420103'`.execute(db);
    await m1047.down(db);
    expect((await sql`select siren from structure`.execute(db)).rows).toEqual([]);
    await m1047.up(db);
  });
});
