import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { hitLimite } from '../../src/db/limite.repository.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { fixture } from './helpers.ts';

// A fresh user's report (06/12): while a manager's reference preview (« aperçu », nothing applied)
// was computed, the organismes' saves answered 503 « Un import est en cours… »: on PGlite the
// preview ran as a long write (the live base's one writer held, every other write refused). It now
// runs on a scratch copy (db/brouillon.ts), as an LHEO preview does: a write made while it runs
// (here from its progress callback, in the middle of its transaction) goes through. On
// PostgreSQL (no copy) the same write goes through too.

let dir: string | undefined;
let t: TestWeb;
beforeAll(async () => {
  let database: Database | undefined;
  if (TEST_ENGINE === 'pglite') {
    dir = await testDataDir('offre-apercu-ref-');
    database = await openDatabase({ dataDir: dir, snapshotReads: true });
  }
  t = await testWeb({ smtp: false, ...(database ? { database } : {}) });
}, 120_000);
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a reference file’s preview', () => {
  it('lets the others write while it runs (no BASE_OCCUPEE), and stores nothing', async () => {
    // The write is set up outside the preview (its own async context: not the preview's own
    // statements), and started from the preview's progress callback, in the middle of its run.
    let demarrer!: () => void;
    const demarre = new Promise<void>((r) => {
      demarrer = r;
    });
    const ecriture = demarre
      .then(() => hitLimite(t.ctx.db, 'test:pendant-apercu', t.ctx.now(), 60_000))
      .then(
        () => 'ok',
        (e: { code?: string }) => e.code ?? String(e),
      );
    const r = await importReferentiel(t.ctx, {
      kind: 'kit',
      fichier: fixture('kit/kit-apprentissage-v3.0.csv'),
      apercu: true,
      onProgress: () => demarrer(),
    });
    expect(r.statut).toBe('apercu');
    expect(await ecriture).toBe('ok');
    expect(await t.ctx.db.selectFrom('ref_run').select('id').execute()).toEqual([]);
  });
});
