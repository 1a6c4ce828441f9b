import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longWrite } from '../../src/db/long-write.ts';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { TEST_ENGINE, testDatabase } from '../helpers/db.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels } from './espace.helpers.ts';

// A fresh user's report (06/12): while a manager's reference preview was computed (a long write on
// PGlite: every other write refused, BASE_OCCUPEE), an organisme's « Enregistrer » answered the
// error page « Service momentanément indisponible » and what was typed was lost. The form comes
// back with what was typed and the French message (503, Retry-After); on PostgreSQL, which refuses
// nothing as busy, the save goes through.

let t: TestWeb;
let org: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false, database: await testDatabase({ snapshotReads: true }) });
  await loadReferentiels(t.ctx);
  org = await connecte(
    t,
    { email: 'cfa@pendant-import.test', role: 'organisme', siren: SIREN_A },
    '10.46.0.1',
  );
});
afterAll(() => t?.close());

describe('an organisme’s save while an import writes', () => {
  it('shows the form again with what was typed and the French message, not an error page', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Avant l’import' }));
    const page = await org.get(`/espace/formations/${id}`);
    const version = /name="version" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
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
      const r = await org.post(`/espace/formations/${id}`, {
        ...ficheComplete(SIRET_A, { intitule: 'Tapé pendant l’import' }),
        version,
      });
      if (TEST_ENGINE === 'pglite') {
        expect(r.statusCode).toBe(503);
        expect(r.headers['retry-after']).toBe('30');
        expect(r.body).toContain('value="Tapé pendant l’import"');
        expect(texte(r.body)).toContain('Un import est en cours');
      } else expect(r.statusCode).toBe(303);
    } finally {
      lacher();
      await ecriture;
    }
  });
});
