import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { montreeAuPublicSql } from '../../src/db/formation.repository.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// The public predicate read per formation of a known set (a feed page of 1,000 events, the
// formations a write touched) is answered by the session_formation index, formation by formation,
// never by a hashed scan of every open session: at national scale (150,000 sessions) that scan
// cost ≈ 45 ms a feed page and halved the feed's throughput (npm run bench, suite echelle).

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
  const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
  await loadDemo(ctx, { formations: 300, seed: 11 });
  await sql`analyze`.execute(database.db);
});
afterAll(() => database?.close());

describe('montreeAuPublicSql on a set of formations', () => {
  it('probes the sessions of each formation instead of hashing them all', async () => {
    const { rows: formations } = await sql<{ id: string }>`select id from formation`.execute(database.db);
    const requete = database.db
      .selectFrom('formation')
      .select((eb) => ['formation.id', montreeAuPublicSql(eb).as('publique')])
      .where('formation.id', '=', sql<string>`any(cast(${formations.map((f) => f.id)} as text[]))`)
      .compile();
    const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (verbose) ${requete.sql}`, [...requete.parameters]),
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/SubPlan/);
    expect(plan).not.toMatch(/hashed SubPlan/);
    // The predicate still tells the offers shown to the public from the others.
    const publiques = await database.db
      .selectFrom('formation')
      .select((eb) => ['formation.id', montreeAuPublicSql(eb).as('publique')])
      .execute();
    expect(publiques.filter((p) => p.publique).length).toBeGreaterThan(0);
    expect(publiques.filter((p) => !p.publique).length).toBeGreaterThan(0);
  });
});
