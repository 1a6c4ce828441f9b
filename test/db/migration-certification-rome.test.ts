import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import * as m1120 from '../../src/db/migrations/1120_certification_rome_libelles.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';
import { loadFixture } from '../recherche/fixtures.ts';

// Migration 1120: a certification keeps its ROME labels; the indexer puts them in the document at
// weight D and in the word list; down puts the indexer of 1010 back (no labels in the document).

let database: TestDatabase;
let db: Kysely<unknown>;
let id: string;

beforeAll(async () => {
  database = await testDatabase();
  db = database.db as unknown as Kysely<unknown>;
});
afterAll(() => database?.close());

const document = async () =>
  (
    await sql<{
      d: string;
    }>`select document::text as d from formation_recherche where formation_id = ${id}`.execute(db)
  ).rows[0]!.d;

describe('migration 1120', () => {
  it('indexes the labels after up, not after down; up again brings them back', async () => {
    await sql`
      insert into certification (type, code, intitule, rome, rome_libelles)
        values ('rncp', 'RNCP19117', 'Maintenance des véhicules', '{I1604}', '{"Mécanique automobile et entretien de véhicules"}');
    `.execute(db);
    const ids = await loadFixture(
      { db: database.db, engine: database.engine, now: () => new Date() } as AppContext,
      [
        {
          cle: 'MV',
          intitule: 'Bac pro Maintenance des véhicules',
          rncp: 'RNCP19117',
          lieux: [{ code_insee: '44109' }],
        },
      ],
    );
    id = ids.get('MV')!;
    expect(await document()).toMatch(/'mecan':\d+ /);
    expect((await sql`select mot from recherche_mot where mot = 'mecanique'`.execute(db)).rows).toHaveLength(
      1,
    );
    await m1120.down(db);
    await sql`select recherche_indexer(array[${id}])`.execute(db);
    expect(await document()).not.toContain('mecan');
    await m1120.up(db);
    await sql`update certification set rome_libelles = '{"Mécanique automobile et entretien de véhicules"}'`.execute(
      db,
    );
    expect(await document()).toMatch(/'mecan':\d+ /);
  });
});
