import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { MARQUE } from '../../src/db/preparee.ts';
import { dataVersion } from '../../src/db/snapshot.repository.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { readFeedJson } from '../../src/services/feed.service.ts';
import { listFormationsJson } from '../../src/services/formation.service.ts';
import { TEST_ENGINE, type TestDatabase, testDatabase } from '../helpers/db.ts';

// The hot reads as prepared statements on PostgreSQL (src/db/preparee.ts): the feed's pages and
// the data version (the list page and the feed's formations, marked too, go by COPY on a pool); a
// filtered list is not (its texts are not a bounded set). One connection, so that its prepared statements are the ones read.

let database: TestDatabase;
let ctx: AppContext;
const anonyme = { kind: 'anonyme' } as const;
beforeAll(async () => {
  database = await testDatabase({ poolSize: 1 });
  ctx = { db: database.db, engine: database.engine, now: () => new Date() };
  await loadDemo(ctx, { formations: 30, seed: 7 });
});
afterAll(() => database?.close());

const preparees = async () =>
  (
    await sql<{ statement: string }>`select statement from pg_prepared_statements order by statement`.execute(
      database.db,
    )
  ).rows.map((r) => r.statement);

describe('prepared statements', () => {
  it('runs the feed and the data version as named statements, the same answers twice', async () => {
    const page = async () => (await listFormationsJson(ctx.db, anonyme, {}, { limit: 10 })).toString();
    const flux = async () => (await readFeedJson(ctx.db, anonyme, '0', 1000)).toString();
    const [p1, f1, v1] = [await page(), await flux(), await dataVersion(ctx.db)];
    const [p2, f2, v2] = [await page(), await flux(), await dataVersion(ctx.db)];
    expect(JSON.parse(p2).data.length).toBe(10);
    expect(JSON.parse(f2).data.length).toBeGreaterThan(0);
    expect([p2, f2, v2]).toEqual([p1, f1, v1]);
    if (TEST_ENGINE !== 'postgres') return; // PGlite: the mark is a comment, nothing is prepared
    const textes = await preparees();
    // The statements carrying the documents (the list page, the feed's formations) are prepared
    // too, read in binary off the socket (src/db/lecture-binaire.ts, test/db/lecture-binaire.test.ts).
    expect(textes.filter((t) => t.includes('formation_document')).length).toBe(2);
    for (const quoi of ['change_event', 'feed_counter', 'donnees_version'])
      expect(
        textes.filter((t) => t.includes(MARQUE) && t.includes(quoi)),
        quoi,
      ).not.toEqual([]);
  });

  it('leaves a filtered list unprepared', async () => {
    const avant = await preparees();
    const r = await listFormationsJson(ctx.db, anonyme, { region: '84' }, { limit: 10 });
    expect(JSON.parse(r.toString())).toHaveProperty('data');
    expect(await preparees()).toEqual(avant);
  });
});
