import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { journaliserIncidentsBase } from '../../src/db/injoignable.ts';
import { TEST_ENGINE, type TestDatabase, testDatabase } from '../helpers/db.ts';

// An idle connection of a pool ended by the server (an administrator's pg_terminate_backend, a
// PostgreSQL restart, a network cut): pg-pool emits `error` for it, and an EventEmitter's `error`
// without a listener is thrown — the whole process (`offre serve`, every user's requests) ended by
// one idle connection. The pools of src/db/database.ts listen: one French line in the server's log
// (no longer a Node warning: operator's report of 06/12), the connection dropped, the next
// statement on a new one.

let database: TestDatabase;
const avertissements: string[] = [];
const warnings: string[] = [];
const noterWarning = (w: Error) => warnings.push(w.message);
const perdues = () =>
  avertissements.filter((a) => a.startsWith('Base PostgreSQL : connexion inactive perdue'));
let avant: (ligne: string) => void;
beforeAll(async () => {
  process.on('warning', noterWarning);
  avant = journaliserIncidentsBase((ligne) => avertissements.push(ligne));
  if (TEST_ENGINE === 'postgres') database = await testDatabase({ poolSize: 2 });
});
afterAll(async () => {
  process.off('warning', noterWarning);
  journaliserIncidentsBase(avant);
  await database?.close();
});

describe('idle connection ended by the server (PostgreSQL)', () => {
  it.skipIf(TEST_ENGINE !== 'postgres')(
    'the pool does not end the process; it opens another connection for its next statement',
    async () => {
      // Both pools: made by the same poolPostgres (database.ts), listener included.
      for (const pool of [database.db, database.lecture!]) {
        // A connection of this pool, now idle in it.
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(pool);
        const pid = rows[0]!.pid;
        // Counted before the termination: the socket's close (and the warning) can be handled
        // before the terminating statement's own result comes back (CI, 06/12: counted after, the
        // warning was already in the count and the wait was for a second one that never came).
        const deja = perdues().length;
        // Ended from another connection (the other pool's when this one is the read pool).
        const autre = pool === database.db ? database.lecture! : database.db;
        await sql`select pg_terminate_backend(${pid}::int)`.execute(autre);
        // pg-pool emits the idle client's error when the socket closes: give it the time to arrive.
        // Up to 30 s: on a loaded machine (CI's full suite) 5 s was seen too short once.
        for (let i = 0; i < 1500 && perdues().length === deja; i++)
          await new Promise((r) => setTimeout(r, 20));
        expect(perdues(), JSON.stringify(avertissements)).toHaveLength(deja + 1);
        const apres = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(pool);
        expect(apres.rows[0]!.pid).not.toBe(pid);
      }
      expect(perdues()[0]).toMatch(
        /^Base PostgreSQL : connexion inactive perdue \(pool d’écriture, code 57P01 : .+\) ; les suivantes seront ouvertes à la demande/,
      );
      expect(perdues()[1]).toMatch(/^Base PostgreSQL : connexion inactive perdue \(pool de lecture, /);
      // Told in the log, not as Node warnings (« (node:PID) Warning: … --trace-warnings »).
      expect(warnings.filter((w) => w.includes('PostgreSQL'))).toEqual([]);
    },
    90_000,
  );
});
