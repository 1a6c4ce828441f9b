import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { selectDocuments } from '../../src/db/formation-document.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation, saveFormation } from '../../src/services/formation.service.ts';
import { transition, transitionTx } from '../../src/services/workflow.service.ts';
import { formationFixture, SIRET_A } from '../api/helpers.ts';
import { TEST_ENGINE, testDatabase } from '../helpers/db.ts';

// The stored documents (migration 0750) lock their sources (organismes, certifications) so that a
// concurrent rename cannot leave a stale document. Waiting for such a lock deadlocked two writers
// (seen in test/store/feed.concurrency.test.ts under load): one held the feed counter and waited
// for an organisme the other had upserted, which waited for the feed counter. A write must never
// wait there: the formation is written without its document, built on read until a later write.
// PostgreSQL only: PGlite has a single connection, so no two transactions ever overlap.

const pg = TEST_ENGINE === 'postgres';
let database: Database;
let ctx: AppContext;
beforeAll(async () => {
  if (!pg) return;
  database = await testDatabase({ poolSize: 4 });
  ctx = { db: database.db, engine: database.engine, now: () => new Date() };
});
afterAll(() => database?.close());

it.skipIf(!pg)(
  'a write whose organisme another transaction holds does not wait for it, and its formation reads right (PostgreSQL only: PGlite runs one transaction at a time)',
  async () => {
    const acteur = SYSTEME('verrous');
    // Its sessions closed already: archiving then writes the status alone (an open session is
    // closed first by a whole write, which upserts the organisme and so waits for it like any
    // write of the formation's content: test/store/archiver-sessions.test.ts).
    const f = formationFixture({ cle_externe: 'V1', intitule: 'Verrous' });
    const sessions = f.sessions.map((s) => ({ ...s, etat_recrutement: 'ferme' as const }));
    const { id } = await saveFormation(ctx, acteur, { ...f, sessions });
    expect(await selectDocuments(ctx.db, [id])).toHaveLength(1);

    // Another writer holds the organisme (as an import upserting it does until it commits).
    let relacher!: () => void;
    const relache = new Promise<void>((r) => {
      relacher = r;
    });
    let tenu!: () => void;
    const estTenu = new Promise<void>((r) => {
      tenu = r;
    });
    const autre = ctx.db.transaction().execute(async (trx) => {
      await sql`select 1 from organisme where siret = ${SIRET_A} for update`.execute(trx);
      tenu();
      await relache;
    });
    await estTenu;
    try {
      // Waiting on the organisme lock would end in lock_timeout's error (55P03) here.
      await ctx.db.transaction().execute(async (trx) => {
        await sql`set local lock_timeout = '2s'`.execute(trx);
        await transitionTx(trx, acteur, id, 'archiver', new Date());
      });
    } finally {
      relacher();
      await autre;
    }
    // Written without its document, served right all the same (built on read).
    expect(await selectDocuments(ctx.db, [id])).toHaveLength(0);
    expect((await getFormation(ctx.db, acteur, id))?.statut).toBe('archivee');
    // The next write stores it again.
    await transition(ctx, acteur, id, 'supprimer');
    expect(await selectDocuments(ctx.db, [id])).toHaveLength(1);
  },
);
