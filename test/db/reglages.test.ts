import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, RANDOM_PAGE_COST } from '../../src/db/database.ts';
import { testDatabase } from '../helpers/db.ts';

// The planner settings every connection gets (src/db/database.ts), on the engine of the project:
// on PostgreSQL, every connection of the pool, not only the first.

let d: Database;
beforeAll(async () => {
  d = await testDatabase({ poolSize: 3 });
});
afterAll(() => d.close());

describe('the planner settings of every connection', () => {
  it('costs a random page read as data in memory or on SSD', async () => {
    expect(RANDOM_PAGE_COST).toBe(1.1);
    // Three statements at once: three connections on PostgreSQL.
    const lus = await Promise.all(
      [1, 2, 3].map(() =>
        d.db.connection().execute(async (c) => {
          const { rows } = await sql<{
            v: string;
          }>`select current_setting('random_page_cost') as v, pg_sleep(0.05)`.execute(c);
          return rows[0]!.v;
        }),
      ),
    );
    expect(lus).toEqual(['1.1', '1.1', '1.1']);
  });
});
