import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { TEST_ENGINE, type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// The defect: fault injection (src/db/fault.ts) wrapped Kysely's driver only, so the two reads by
// COPY of PostgreSQL (src/db/copie.ts executeOuCopie: the list of formations and the change feed)
// escaped it — neither counted for the kill points nor able to fail. They now go through the same
// connection wrapper. Since h-pages3 the whole catalogue's page and the feed's formations are read
// as prepared statements in binary off the socket (src/db/lecture-binaire.ts), filtered pages still
// by COPY: both go through that wrapper. Here every read of stored documents fails, by COPY or
// binary (OFFRE_FAULT_FAIL_STATEMENTS): the API's list and feed answer the generic 500 problem, in
// French, without a stack trace or the statement.
// PostgreSQL only: PGlite has neither (its reads are Kysely's, always seen).

let seed: TestDatabase;
let enPanne: Database;
let app: FastifyInstance;

describe.skipIf(TEST_ENGINE !== 'postgres')('a read of stored documents (COPY or binary) that fails', () => {
  beforeAll(async () => {
    seed = await testDatabase();
    await loadDemo(testContext(seed), { formations: 5, seed: 7 });
    // A second handle on the same database, every read of documents of it failing (its pools only):
    // by COPY, or the prepared ones read in binary (marked, and naming formation_document).
    vi.stubEnv(
      'OFFRE_FAULT_FAIL_STATEMENTS',
      '^copy \\(|^select /\\*offre:preparee\\*/[\\s\\S]*formation_document',
    );
    try {
      enPanne = await openDatabase({ url: seed.url!, poolSize: 2 });
    } finally {
      vi.unstubAllEnvs();
    }
    app = await buildApp(testContext(enPanne), { apiCache: false });
  });
  afterAll(async () => {
    await app?.close();
    await enPanne?.close();
    await seed?.close();
  });

  for (const url of ['/api/v1/formations?limit=10', '/api/v1/changes?since=0']) {
    it(`${url}: 500, the generic problem, nothing of the failure`, async () => {
      const r = await app.inject({ method: 'GET', url });
      expect(r.statusCode).toBe(500);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      const p = r.json() as { code: string; detail: string; status: number };
      expect(p).toMatchObject({ code: 'ERREUR_INTERNE', status: 500 });
      expect(p.detail).toBe('Une erreur interne est survenue. Elle a été journalisée.');
      expect(r.body).not.toMatch(/Panne injectée|copy \(|offre:preparee|\n\s+at /i);
    });
  }

  it('the same handle’s other reads still answer: only the reads of documents fail', async () => {
    const f = await seed.db
      .selectFrom('formation')
      .select('id')
      .where('statut', '=', 'publiee')
      .executeTakeFirstOrThrow();
    const r = await app.inject({ method: 'GET', url: `/api/v1/formations/${f.id}` });
    expect(r.statusCode).toBe(200);
  });
});
