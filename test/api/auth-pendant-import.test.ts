import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longWrite } from '../../src/db/long-write.ts';
import { bearer, formationFixture, type TestApi, testApi } from './helpers.ts';

// While an import writes (on PGlite: a long write, every other write refused with 503
// BASE_OCCUPEE), a request is still authenticated and authorised first: an unknown key is 401
// CLE_INVALIDE, a read-only key writing is 403, never 503 — the busy base only concerns a
// request that would have been allowed. On PostgreSQL nothing is refused as busy: same answers.

let t: TestApi;
beforeAll(async () => {
  t = await testApi({ snapshotReads: true });
});
afterAll(async () => t?.close());

describe('the API during an import', () => {
  it('answers 401 to an unknown key and 403 to a read key writing, not 503', async () => {
    let ouverte!: () => void;
    const ecrit = new Promise<void>((r) => {
      ouverte = r;
    });
    let fin!: () => void;
    const suite = new Promise<void>((r) => {
      fin = r;
    });
    const ecriture = longWrite(t.ctx.db, () =>
      t.ctx.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        ouverte();
        await suite;
      }),
    );
    await ecrit;
    try {
      const inconnue = await t.app.inject({
        method: 'GET',
        url: '/api/v1/formations',
        headers: { authorization: 'Bearer offre_nope' },
      });
      expect(inconnue.json().code).toBe('CLE_INVALIDE');
      expect(inconnue.statusCode).toBe(401);
      const lecture = await t.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        headers: bearer(t.keys.read),
        payload: formationFixture(),
      });
      expect(lecture.statusCode).toBe(403);
    } finally {
      fin();
      await ecriture;
    }
  });
});
