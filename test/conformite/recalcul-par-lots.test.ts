import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import type { Executor } from '../../src/db/executor.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { CHUNK_RECALCUL_PGLITE, recomputeAll } from '../../src/services/conformite.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { TEST_ENGINE, testDatabase } from '../helpers/db.ts';

// `offre check` (recomputeAll) run while `offre serve` ran on PGlite froze the pages up to 8.65 s:
// its chunks of 2000 formations made the demo base (2000) one transaction, holding the embedded
// base's one writer to its end. On PGlite it now commits every CHUNK_RECALCUL_PGLITE formations:
// a write sent during the check is done before the check ends; and the check stores the same
// results and the same feed events, in the same order, as in one chunk (the same base, from one
// dump, checked both ways).

const xml = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const debut = xml.indexOf('<formation ');
const fin = xml.lastIndexOf('</formation>') + '</formation>'.length;
/** 3 × 150 formations: more than two chunks on PGlite, one of 2000. */
const fichier = `${xml.slice(0, debut)}${Array.from({ length: 150 }, (_, i) =>
  xml.slice(debut, fin).replaceAll('<formation numero="F-', `<formation numero="C${i}-`),
).join('\n')}${xml.slice(fin)}`;
/** Three years on: the sessions are past, the campaign another: results and states change. */
const PLUS_TARD = new Date(Date.now() + 3 * 365 * 86_400_000);

let a: Database;
let b: Database | undefined;
beforeAll(async () => {
  if (TEST_ENGINE !== 'pglite') return;
  a = await testDatabase();
  const ctx: AppContext = { db: a.db, engine: a.engine, now: () => new Date() };
  const r = await importLheo(ctx, SYSTEME('test'), [Buffer.from(fichier)], { fichier: 'offre.xml' });
  expect(r.formations.creees).toBe(450);
  b = await openDatabase({ restoreFrom: await a.dump!() });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

/** What a check stores: every result, every platform state, every feed event after `seq`. */
async function stocke(db: Executor, seq: number) {
  const echecs = await db
    .selectFrom('controle_echec')
    .select(['formation_id', 'code', 'champ', 'severite', 'message', 'evidence', 'formation_liee'])
    .orderBy('formation_id')
    .orderBy('code')
    .orderBy('champ')
    .orderBy('message')
    .execute();
  const etats = await db
    .selectFrom('plateforme_etat')
    .select(['plateforme', 'identite', 'formation_id', 'statut', 'decision', 'motif', 'annee'])
    .orderBy('plateforme')
    .orderBy('identite')
    .execute();
  const formations = await db
    .selectFrom('formation')
    .select(['id', 'catalogue', 'certifiee', 'parcoursup', 'affelnet'])
    .orderBy('id')
    .execute();
  const evenements = await db
    .selectFrom('change_event')
    .select(['seq', 'type', 'entite_id', 'action'])
    .where('seq', '>', seq)
    .orderBy('seq')
    .execute();
  return { echecs, etats, formations, evenements };
}

const dernierSeq = async (db: Executor) =>
  Number(
    (
      await db
        .selectFrom('change_event')
        .select((eb) => eb.fn.max('seq').as('m'))
        .executeTakeFirst()
    )?.m ?? 0,
  );

describe.skipIf(TEST_ENGINE !== 'pglite')('recomputeAll on PGlite: a transaction per chunk', () => {
  it('lets a write through between two chunks, and stores what one chunk stores', async () => {
    const seq = await dernierSeq(a.db);
    expect(await dernierSeq(b!.db)).toBe(seq);

    // One chunk (PostgreSQL's size, the whole base): what the check stored before.
    const ctxA: AppContext = { db: a.db, engine: 'pglite', now: () => PLUS_TARD };
    const unLot = await recomputeAll(ctxA, undefined, 2000);

    // PGlite's chunks, with a write sent once the first one is done: it is done before the next.
    const ctxB: AppContext = { db: b!.db, engine: 'pglite', now: () => PLUS_TARD };
    const evenements: string[] = [];
    let ecriture: Promise<unknown> | undefined;
    const parLots = await recomputeAll(ctxB, (done) => {
      evenements.push(`lot ${done}`);
      ecriture ??= createApiKey(ctxB, { name: 'pendant', scope: 'read' }).then(() =>
        evenements.push('écrit'),
      );
    });
    evenements.push('contrôle fini');
    await ecriture;
    expect(evenements).toEqual([
      `lot ${CHUNK_RECALCUL_PGLITE}`,
      'écrit',
      `lot ${2 * CHUNK_RECALCUL_PGLITE}`,
      'lot 450',
      'contrôle fini',
    ]);

    expect(parLots).toEqual(unLot);
    expect(unLot.resultatsModifies).toBeGreaterThan(0);
    const [avecUnLot, avecDesLots] = [await stocke(a.db, seq), await stocke(b!.db, seq)];
    expect(avecUnLot.evenements.length).toBeGreaterThan(0);
    expect(avecDesLots).toEqual(avecUnLot);
  });
});
