import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { listFormations, saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture } from '../api/helpers.ts';
import { testDatabase } from '../helpers/db.ts';

// Cursor pagination while others insert and update: no id twice, and every formation that
// existed for the whole run seen exactly once.

let database: Database;
let ctx: AppContext;
beforeAll(async () => {
  database = await testDatabase({ poolSize: 8 });
  ctx = { db: database.db, engine: database.engine, now: () => new Date() };
});
afterAll(() => database.close());

const admin = SYSTEME('test');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('neither skips nor repeats under concurrent inserts and updates', async () => {
  const initial: string[] = [];
  for (let i = 0; i < 40; i++)
    initial.push((await saveFormation(ctx, admin, formationFixture({ cle_externe: `P${i}` }))).id);
  let running = true;
  const writers = Array.from({ length: 4 }, async (_, w) => {
    for (let i = 0; running && i < 40; i++) {
      if (i % 2)
        await saveFormation(
          ctx,
          admin,
          formationFixture({ cle_externe: `P${(w * 11 + i) % 40}`, intitule: `Mise à jour ${w}.${i}` }),
        );
      else await saveFormation(ctx, admin, formationFixture({ cle_externe: `N${w}-${i}` }));
      await pause(i % 3);
    }
  });
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listFormations(ctx.db, admin, {}, { cursor, limit: 3 });
    seen.push(...page.data.map((f) => f.id));
    cursor = page.next_cursor ?? undefined;
    await pause(2);
  } while (cursor);
  running = false;
  await Promise.all(writers);

  expect(new Set(seen).size).toBe(seen.length);
  const seenSet = new Set(seen);
  expect(initial.filter((id) => !seenSet.has(id))).toEqual([]);
  expect([...seen].sort()).toEqual(seen); // keyset order on the immutable id
});

it('two simultaneous first writes of the same cle_externe make one formation', async () => {
  const results = await Promise.all(
    Array.from({ length: 4 }, () => saveFormation(ctx, admin, formationFixture({ cle_externe: 'COURSE' }))),
  );
  expect(new Set(results.map((r) => r.id)).size).toBe(1);
  expect(results.filter((r) => r.created)).toHaveLength(1);
});
