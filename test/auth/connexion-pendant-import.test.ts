import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longWrite } from '../../src/db/long-write.ts';
import { TEST_ENGINE, testDatabase } from '../helpers/db.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// A fresh user's report (07/12): signing in during a reference import (communes, ≈ 25 s, embedded
// PGlite, the CLI going through the running server) showed « Service momentanément indisponible ».
// A sign-in writes its session row, and PGlite has one writer: the import holds it, so the write is
// refused (BASE_OCCUPEE) — first the sign-in attempts' counter (limites.plugin.ts), then the session
// row. The page now says what is happening and when to retry; on PostgreSQL the sign-in goes through.

let t: TestWeb;

beforeAll(async () => {
  t = await testWeb({ smtp: false, database: await testDatabase({ snapshotReads: true }) });
});
afterAll(() => t?.close());

describe('a sign-in while an import writes', () => {
  it('says an import is running and to retry in a minute (PGlite); goes through on PostgreSQL', async () => {
    const u = await compte(t, { email: 'cfa@connexion-import.test', role: 'organisme', siren: '130025265' });
    const nav = new Navigateur(t.app, '10.50.0.1');
    await nav.get('/connexion');
    let ouverte!: () => void;
    const tenue = new Promise<void>((r) => {
      ouverte = r;
    });
    let lacher!: () => void;
    const lachee = new Promise<void>((r) => {
      lacher = r;
    });
    const ecriture = longWrite(t.ctx.db, () =>
      t.ctx.db.transaction().execute(async (trx) => {
        await sql`select 1`.execute(trx);
        ouverte();
        await lachee;
      }),
    );
    await tenue;
    try {
      const r = await nav.post('/connexion', { email: u.email, mot_de_passe: u.motDePasse });
      if (TEST_ENGINE === 'pglite') {
        expect(r.statusCode).toBe(503);
        expect(r.headers['retry-after']).toBe('30');
        const lu = texte(r.body);
        expect(lu, lu.slice(0, 900)).not.toContain('Service momentanément indisponible');
        expect(lu).toContain('Import en cours : réessayez dans une minute');
        expect(lu).toContain('Un import est en cours d’écriture dans la base');
        expect(lu).toContain('BASE_OCCUPEE');
      } else expect(r.statusCode).toBe(303);
    } finally {
      lacher();
      await ecriture;
    }
  });
});
