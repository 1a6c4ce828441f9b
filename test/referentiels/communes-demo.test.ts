import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { ensureCommunesParDefaut } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';

// `npm start` on a fresh base: the demonstration is loaded first, with its own few communes; the
// built-in list must still be added (75017, « PARIS 17 » known), the demo's rows kept.

let database: Database;
let ctx: AppContext;
beforeAll(async () => {
  database = await testDatabase();
  ctx = { db: database.db, engine: database.engine, now: () => new Date('2026-11-30T12:00:00Z') };
});
afterAll(() => database.close());

it('adds the built-in communes after the demonstration, keeping the demo’s rows and coordinates', async () => {
  await loadDemo(ctx, { formations: 3, seed: 42 });
  const demo = await database.db
    .selectFrom('commune')
    .select(['code_insee', 'code_postal', 'lat', 'population'])
    .where('lat', 'is not', null)
    .execute();
  expect(demo.length).toBeGreaterThan(0);
  expect(demo.length).toBeLessThan(2000);
  // Populations from the built-in list: Nantes (44109) above 300,000 inhabitants.
  expect(demo.every((c) => c.population !== null && c.population > 0)).toBe(true);
  expect(demo.find((c) => c.code_insee === '44109')?.population).toBeGreaterThan(300_000);

  const r = await ensureCommunesParDefaut(ctx);
  expect(r?.statut).toBe('importe');
  const paris17 = await database.db
    .selectFrom('commune')
    .select(['code_insee', 'nom'])
    .where('code_postal', '=', '75017')
    .orderBy('code_insee')
    .execute();
  expect(paris17.map((c) => c.code_insee)).toContain('75117');
  const gardees = await database.db
    .selectFrom('commune')
    .select('code_insee')
    .where('lat', 'is not', null)
    .execute();
  expect(gardees).toHaveLength(demo.length);
  // Once added, a later start does nothing.
  expect(await ensureCommunesParDefaut(ctx)).toBeNull();
});
