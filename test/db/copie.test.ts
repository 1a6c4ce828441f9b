import type { FastifyInstance } from 'fastify';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { copieDe, enLitteraux, lireTuples, litteral, selectParCopie, texteCol } from '../../src/db/copie.ts';
import { pageCursor } from '../../src/domain/cursor.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { readFeedJson } from '../../src/services/feed.service.ts';
import { listFormationsJson } from '../../src/services/formation.service.ts';
import { TEST_ENGINE, type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// Reads by COPY binary (src/db/copie.ts, PostgreSQL): the values of a COPY statement are written
// into its text as literals. Hostile values (quotes, backslashes, `$1`, array syntax) come back as
// they went in, and the pages read by COPY are the bytes of the plain queries (a transaction reads
// without COPY: copieDe is undefined there).

let database: TestDatabase;
let ctx: AppContext;
let app: FastifyInstance;
const HOSTILES = [
  "l'organisme",
  "''; drop table formation; --",
  'back\\slash\\',
  "\\'; select 1; --",
  '$1 $2 $$ $$',
  "E'x'",
  '"guillemets", {accolades}, NULL',
  'é « ’ » 𝄞 \u2028',
  '',
];
beforeAll(async () => {
  database = await testDatabase({ poolSize: 2 });
  ctx = testContext(database);
  await loadDemo(ctx, { formations: 25, seed: 7 });
  app = await buildApp(ctx, { apiCache: false });
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('COPY statements with their values as literals', () => {
  it('writes each value as the text pg would bind, quoted; refuses U+0000 and other types', () => {
    expect(litteral(null)).toBe('NULL');
    expect(litteral("a'b")).toBe("'a''b'");
    expect(litteral('a\\b')).toBe(" E'a\\\\b'");
    expect(litteral(12.5)).toBe("'12.5'");
    expect(litteral(false)).toBe("'false'");
    expect(litteral(['a"b', null])).toBe(String.raw` E'{"a\\"b",NULL}'`);
    expect(() => litteral('a\0b')).toThrow(/U\+0000/);
    expect(() => litteral({})).toThrow(TypeError);
    // One pass: `$10` is the tenth parameter, and a value's own `$1` is not replaced again.
    const q = CompiledQuery.raw('select $1, $10', ['$1', 2, 3, 4, 5, 6, 7, 8, 9, 'dix']);
    expect(enLitteraux(q)).toBe("select '$1', 'dix'");
    expect(() => enLitteraux(CompiledQuery.raw('select $2', [1]))).toThrow();
    expect(() => lireTuples(Buffer.from('PGCOPY\n'), [])).toThrow(/signature/);
  });

  it.skipIf(TEST_ENGINE !== 'postgres')(
    'reads hostile values back as they went in (PostgreSQL)',
    async () => {
      const pool = copieDe(database.db);
      expect(pool).toBeDefined();
      expect(copieDe(database.lecture!)).toBeDefined();
      for (const x of HOSTILES) {
        const q =
          sql`select ${x}::text as t, array_to_json(${[x, x]}::text[])::text as a, ${x} = ${x} as n`.compile(
            database.db,
          );
        const [row] = await selectParCopie<{ t: string; a: string; n: string }>(pool!, q, [
          ['t', texteCol],
          ['a', texteCol],
          ['n', (b, d) => b[d]],
        ]);
        expect(row).toEqual({ t: x, a: JSON.stringify([x, x]), n: 1 });
      }
    },
  );

  it('answers a hostile cursor as before (400) and hostile filters with the plain query’s bytes', async () => {
    for (const x of HOSTILES) {
      const r = await app.inject({
        method: 'GET',
        url: `/api/v1/formations?limit=100&cursor=${pageCursor.encode(x, 'cle de test') || 'x'}`,
      });
      expect(r.statusCode, x).toBe(400);
      expect(r.json().code).toBe('CURSEUR_INVALIDE');
      const f = await app.inject({
        method: 'GET',
        url: `/api/v1/changes?since=${encodeURIComponent(x) || 'x'}`,
      });
      expect(f.statusCode, x).toBe(400);
    }
    const anonyme = { kind: 'anonyme' } as const;
    for (const q of [...HOSTILES.filter(Boolean), 'a', 'de']) {
      const parCopie = await listFormationsJson(ctx.db, anonyme, { q }, { limit: 100 });
      const sansCopie = await ctx.db
        .transaction()
        .execute((trx) => listFormationsJson(trx, anonyme, { q }, { limit: 100 }));
      expect(parCopie.toString(), q).toBe(sansCopie.toString());
    }
    const r = await app.inject({
      method: 'GET',
      url: `/api/v1/formations?q=${encodeURIComponent("l'\\$1")}`,
    });
    expect(r.statusCode).toBe(200);
  });

  it('gives the bytes of the plain queries, for every reader (pages of the list and the feed)', async () => {
    const lecteurs = [
      { kind: 'anonyme' },
      { kind: 'cle', id: 'k', name: 'lecture', scope: 'read', siren: null },
      { kind: 'cle', id: 'k', name: 'admin', scope: 'admin', siren: null },
    ] as const;
    const lecture = ctx.lecture ?? ctx.db;
    for (const acteur of lecteurs) {
      let cursor: string | undefined;
      let pages = 0;
      do {
        const a = await listFormationsJson(lecture, acteur, {}, { limit: 7, cursor });
        const b = await ctx.db
          .transaction()
          .execute((trx) => listFormationsJson(trx, acteur, {}, { limit: 7, cursor }));
        expect(a.toString()).toBe(b.toString());
        cursor = JSON.parse(a.toString()).next_cursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBeGreaterThan(1);
      for (const [since, limit] of [
        ['0', 1000],
        ['3', 5],
      ] as const) {
        const a = await readFeedJson(lecture, acteur, since, limit);
        const b = await ctx.db.transaction().execute((trx) => readFeedJson(trx, acteur, since, limit));
        expect(JSON.parse(a.toString()).data.length).toBeGreaterThan(0);
        expect(a.toString()).toBe(b.toString());
      }
    }
  });
});
