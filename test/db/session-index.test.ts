import { type Compilable, CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { matchingFilters, visibleTo } from '../../src/db/formation.repository.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Migration 1140: every session an import inserts writes one entry in each index of `session`;
// two of them had no reader. The reads they were made for are answered by other indexes: a
// session by its région (always a live one) by the partial `session_region_formation`, a place
// around a point by `recherche_lieu`'s coordinates. If one of these reads changes so that it needs
// a dropped index again, its plan here falls back to reading every session.

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
  const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
  await loadDemo(ctx, { formations: 300, seed: 7 });
  await sql`analyze`.execute(database.db);
});
afterAll(() => database?.close());

/** The plan of `q`, sequential scans discouraged: what an index can answer, at any size. */
async function plan(q: Compilable<unknown>): Promise<string> {
  const { sql: texte, parameters } = q.compile();
  return database.db.connection().execute(async (c) => {
    await sql`set enable_seqscan = off`.execute(c);
    try {
      const { rows } = await c.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${texte}`, [...parameters]),
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await sql`reset enable_seqscan`.execute(c);
    }
  });
}

const formations = () => database.db.selectFrom('formation').select('formation.id');

describe('the indexes of session', () => {
  it('has none that no read uses (coordinates, région alone)', async () => {
    const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes
      where tablename = 'session' order by indexname`.execute(database.db);
    const colonnes = rows.map((r) => r.indexdef.replace(/^.* USING btree /, '').replace(/ WHERE .*$/, ''));
    expect(colonnes).not.toContain('(lat, lon)');
    expect(colonnes).not.toContain('(code_region)');
    expect(colonnes).toContain('(code_region, formation_id)');
  });

  it('answers a read by région with the partial index of live sessions', async () => {
    const parFiltre = await plan(formations().where((eb) => matchingFilters({ region: '84' }, true)(eb)));
    expect(parFiltre).toMatch(/session_region_formation/);
    const parEspace = await plan(
      formations().where((eb) => visibleTo({ kind: 'perimetre', siren: null, regions: ['84', '11'] })(eb)),
    );
    expect(parEspace).toMatch(/session_region_formation/);
  });

  it('reads a place around a point from recherche_lieu, not from the sessions', async () => {
    const p = await plan(
      formations().where((eb) => matchingFilters({ lat: 45.76, lon: 4.84, rayon_km: 20 }, true)(eb)),
    );
    expect(p).toMatch(/recherche_lieu_latlon/);
    expect(p).not.toMatch(/on session\b/);
  });

  it('writes the place of a session with coordinates without a commune lookup around it (1161)', async () => {
    // The lookups of a place without coordinates are scalar subqueries in a `case` (run for such a
    // place only), not lateral joins whose sort and aggregate started for every session.
    const { rows } = await sql<{
      def: string;
    }>`select pg_get_functiondef('recherche_lieu_maj'::regproc) as def`.execute(database.db);
    expect(rows[0]!.def).toMatch(/insert into recherche_lieu/);
    expect(rows[0]!.def).not.toMatch(/left join lateral/);
  });
});
