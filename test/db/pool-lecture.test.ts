import type { FastifyInstance } from 'fastify';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { MARQUE } from '../../src/db/preparee.ts';
import type { DB } from '../../src/db/schema.ts';
import type { Acteur } from '../../src/domain/acteur.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { readFeedJson } from '../../src/services/feed.service.ts';
import { listFormationsJson } from '../../src/services/formation.service.ts';
import { TEST_ENGINE, type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// The read pool (src/db/database.ts `lecture`, PostgreSQL): the public prepared reads — the whole
// catalogue's list page, the feed, the data version — run there with generic plans forced; the
// main pool, where the writes and their trigger functions run, keeps PostgreSQL's default. The
// answers are the same bytes from either pool. A main pool of 2: a read pool of one connection,
// whose prepared statements are then the ones read here.

let database: TestDatabase;
let ctx: AppContext;
let app: FastifyInstance;
const anonyme = { kind: 'anonyme' } as const;
beforeAll(async () => {
  database = await testDatabase({ poolSize: 2 });
  ctx = testContext(database);
  await loadDemo(ctx, { formations: 30, seed: 11 });
  app = await buildApp(ctx);
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const reglage = async (db: Kysely<DB>) =>
  (await sql<{ plan_cache_mode: string }>`show plan_cache_mode`.execute(db)).rows[0]!.plan_cache_mode;

describe('read pool', () => {
  it.skipIf(TEST_ENGINE !== 'postgres')(
    'forces generic plans on the read pool only (PostgreSQL; PGlite has one connection and no read pool)',
    async () => {
      expect(database.lecture).toBeDefined();
      expect(await reglage(database.lecture!)).toBe('force_generic_plan');
      expect(await reglage(database.db)).toBe('auto');
    },
  );

  it.skipIf(TEST_ENGINE !== 'postgres')(
    'serves the list page, the feed and the data version of the API from the read pool, with generic plans (documents read in binary)',
    async () => {
      for (const url of [
        '/api/v1/formations?limit=10',
        '/api/v1/formations?limit=10', // the cache's hit: the version again
        '/api/v1/changes?limit=100',
        '/api/v1/changes?limit=100',
      ]) {
        const r = await app.inject({ method: 'GET', url });
        expect(r.statusCode, url).toBe(200);
      }
      const { rows } = await sql<{ statement: string; generic_plans: number; custom_plans: number }>`
        select statement, generic_plans::int, custom_plans::int from pg_prepared_statements`.execute(
        database.lecture!,
      );
      // The pages' documents (formation_document) are prepared statements read in binary
      // (src/db/lecture-binaire.ts), with generic plans as the others.
      for (const quoi of ['formation_document', 'change_event', 'feed_counter', 'donnees_version']) {
        const lus = rows.filter((r) => r.statement.includes(MARQUE) && r.statement.includes(quoi));
        expect(lus, quoi).not.toEqual([]);
        for (const r of lus)
          expect({ quoi, custom_plans: r.custom_plans }).toEqual({ quoi, custom_plans: 0 });
      }
      expect(rows.reduce((n, r) => n + r.generic_plans, 0)).toBeGreaterThanOrEqual(6);
    },
  );

  it('gives the same bytes from the read pool as from the main pool', async () => {
    const lecture = ctx.lecture ?? ctx.db;
    const lecteurs: Acteur[] = [
      anonyme,
      { kind: 'cle', id: 'k', name: 'lecture', scope: 'read', siren: null },
      { kind: 'cle', id: 'k', name: 'admin', scope: 'admin', siren: null },
    ];
    for (const acteur of lecteurs) {
      let cursor: string | undefined;
      do {
        const a = await listFormationsJson(ctx.db, acteur, {}, { limit: 7, cursor });
        const b = await listFormationsJson(lecture, acteur, {}, { limit: 7, cursor });
        expect(b.toString()).toBe(a.toString());
        cursor = JSON.parse(a.toString()).next_cursor ?? undefined;
      } while (cursor);
      const fa = await readFeedJson(ctx.db, acteur, '0', 1000);
      const fb = await readFeedJson(lecture, acteur, '0', 1000);
      expect(JSON.parse(fb.toString()).data.length).toBeGreaterThan(0);
      expect(fb.toString()).toBe(fa.toString());
    }
  });
});
