import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/services/demo.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Mode `mots` of the search triggers (migrations 0880, 0920: a long import takes the words of the
// formations it writes as it writes them, and indexes them at its end): an update takes the words
// of the rows whose word sources changed only, not those of every row it touched (an import's
// conformity update of each formation it wrote split and looked up all their words again).

let d: TestDatabase;

beforeAll(async () => {
  d = await testDatabase();
  let clock = Date.UTC(2026, 0, 15);
  await loadDemo({ db: d.db, engine: d.engine, now: () => new Date(clock++) }, { formations: 4, seed: 3 });
}, 120_000);
afterAll(async () => {
  await d?.close();
});

const mots = async (trx: TestDatabase['db'], liste: readonly string[]) =>
  (
    await sql<{
      mot: string;
    }>`select mot from recherche_mot where mot = any(${[...liste]}::text[]) order by mot`.execute(trx)
  ).rows.map((r) => r.mot);

/** Runs `fn` on the demo's first formation in a transaction rolled back afterwards. */
const annulee = (fn: (trx: TestDatabase['db'], id: string) => Promise<void>) =>
  d.db
    .transaction()
    .execute(async (trx) => {
      const { rows } = await sql<{ id: string }>`select id from formation order by id limit 1`.execute(trx);
      await fn(trx, rows[0]!.id);
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });

describe('recherche, mode « mots »', () => {
  it('an update takes the words of the rows whose texts changed, not of the others', async () => {
    await annulee(async (trx, id) => {
      await sql`select set_config('offre.recherche_differee', 'mots', true)`.execute(trx);
      // Two words no text of the demo has, taken out of the list, then given to this formation.
      await sql`update formation set intitule = intitule || ' zorglub' where id = ${id}`.execute(trx);
      expect(await mots(trx, ['zorglub'])).toEqual(['zorglub']);
      await sql`delete from recherche_mot where mot = 'zorglub'`.execute(trx);
      // A change of no text: no word taken again.
      await sql`update formation set catalogue = catalogue, updated_at = updated_at where id = ${id}`.execute(
        trx,
      );
      expect(await mots(trx, ['zorglub'])).toEqual([]);
      // A change of its title: its words taken, the new one with the others.
      await sql`update formation set intitule = intitule || ' xylophage' where id = ${id}`.execute(trx);
      expect(await mots(trx, ['xylophage', 'zorglub'])).toEqual(['xylophage', 'zorglub']);
    });
  });

  it('the indexer of an import in mode « mots » writes the search row, not the words (migration 1010)', async () => {
    await annulee(async (trx, id) => {
      // A title with a word no text of the demo has, written with no trigger taking its words.
      await sql`select set_config('offre.recherche_differee', 'on', true)`.execute(trx);
      await sql`update formation set intitule = intitule || ' zorglub' where id = ${id}`.execute(trx);
      const document = async () =>
        (
          await sql<{ t: string }>`select document::text as t from formation_recherche
              where formation_id = ${id}`.execute(trx)
        ).rows[0]!.t;
      expect(await document()).not.toContain('zorglub');
      await sql`select recherche_indexer(array[${id}]::text[], false)`.execute(trx);
      expect(await document()).toContain('zorglub');
      expect(await mots(trx, ['zorglub'])).toEqual([]);
      // The default, every other caller's: its words too.
      await sql`select recherche_indexer(array[${id}]::text[])`.execute(trx);
      expect(await mots(trx, ['zorglub'])).toEqual(['zorglub']);
    });
  });
});
