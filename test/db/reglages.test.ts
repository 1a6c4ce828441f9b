import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, pgliteSharedBuffers, RANDOM_PAGE_COST } from '../../src/db/database.ts';
import { TEST_ENGINE, testDatabase } from '../helpers/db.ts';

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

  // A bulk import's place trigger passed jit_above_cost at each chunk: compiling cost more than
  // running it (docs/mesures.md « Import LHEO : la compilation JIT du déclencheur des lieux »).
  it('never compiles a statement (JIT off)', async () => {
    const lus = await Promise.all(
      [1, 2, 3].map(() =>
        d.db.connection().execute(async (c) => {
          const { rows } = await sql<{
            v: string;
          }>`select current_setting('jit') as v, pg_sleep(0.05)`.execute(c);
          return rows[0]!.v;
        }),
      ),
    );
    expect(lus).toEqual(['off', 'off', 'off']);
  });
});

// The embedded database's buffer pool: OFFRE_PGLITE_SHARED_BUFFERS (16MB in the test suite,
// vitest.config.ts), PGlite's default when unset; another value is refused in French.
describe.skipIf(TEST_ENGINE !== 'pglite')('the buffer pool of the embedded database', () => {
  it('is the size OFFRE_PGLITE_SHARED_BUFFERS gives', async () => {
    const { rows } = await sql<{ v: string }>`select current_setting('shared_buffers') as v`.execute(d.db);
    expect(rows[0]!.v).toBe(process.env.OFFRE_PGLITE_SHARED_BUFFERS || '128MB');
  });

  it('reads a PostgreSQL size; unset or empty: the default; else CONFIG_INVALIDE naming the variable', () => {
    expect(pgliteSharedBuffers('16MB')).toBe('16MB');
    expect(pgliteSharedBuffers('512kB')).toBe('512kB');
    expect(pgliteSharedBuffers(undefined)).toBeUndefined();
    expect(pgliteSharedBuffers('')).toBeUndefined();
    for (const v of ['16', '16 MB', '16mb', "16MB' -c fsync=off"])
      expect(() => pgliteSharedBuffers(v)).toThrow(
        expect.objectContaining({
          code: 'CONFIG_INVALIDE',
          message: expect.stringMatching(/^Configuration invalide — OFFRE_PGLITE_SHARED_BUFFERS : .*16MB/),
        }),
      );
  });
});
