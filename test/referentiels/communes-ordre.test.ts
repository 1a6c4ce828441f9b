import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { ensureCommunesParDefaut } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';

// Operator's report of 06/12: the built-in communes list said « 37 585 communes » after
// `offre db migrate` then `offre demo`, « 37 484 » after `offre demo` then `offre serve`. The same
// list whatever the order: the same rows stored, the same count told.

const contexte = (database: Database): AppContext => ({
  db: database.db,
  engine: database.engine,
  now: () => new Date('2026-11-30T12:00:00Z'),
});

async function communes(database: Database) {
  const rows = await database.db
    .selectFrom('commune')
    .select(['code_insee', 'code_postal'])
    .orderBy('code_insee')
    .orderBy('code_postal')
    .execute();
  return rows.map((r) => `${r.code_insee}|${r.code_postal}`);
}

describe('built-in communes: the same list whatever the order', () => {
  let avantDemo: Database;
  let apresDemo: Database;
  beforeAll(async () => {
    [avantDemo, apresDemo] = await Promise.all([testDatabase(), testDatabase()]);
  });
  afterAll(async () => {
    await avantDemo?.close();
    await apresDemo?.close();
  });

  it('list then demo (offre db migrate, offre demo) = demo then list (offre demo, offre serve)', async () => {
    const a = contexte(avantDemo);
    const ra = await ensureCommunesParDefaut(a);
    await loadDemo(a, { formations: 3, seed: 42 });
    const b = contexte(apresDemo);
    await loadDemo(b, { formations: 3, seed: 42 });
    const rb = await ensureCommunesParDefaut(b);
    expect(ra?.lignes.gardees).toBeGreaterThan(30_000);
    // The count told to the operator is the list's, not the list minus the demo's communes.
    expect(rb?.lignes.gardees).toBe(ra?.lignes.gardees);
    const [la, lb] = [await communes(avantDemo), await communes(apresDemo)];
    expect(lb.length).toBe(la.length);
    expect(lb).toEqual(la);
  });
});
