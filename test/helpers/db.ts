import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../src/context.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { openPrivateDatabase } from './pg-template.ts';
import { baseReutilisee } from './pglite-reutilisee.ts';
import { pgliteTemplate } from './pglite-template.ts';

/** The engine this test run targets: vitest's "pglite" and "postgres" projects set it. */
export const TEST_ENGINE = (process.env.OFFRE_TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';

/** A test file's database; `url`: its connection string (PostgreSQL only). */
export type TestDatabase = Database & { readonly url?: string };

/**
 * A fresh, migrated database for one test file: in-memory PGlite, or a database of its own on the
 * PostgreSQL server of DATABASE_URL, copied from the migrated template that pg-global-setup.ts
 * makes (pg-template.ts), dropped on close; its connection string is `url` (PostgreSQL only), for a
 * child process or a CLI run on the same database. Real engines, never a mock.
 */
export async function testDatabase(
  opts: { poolSize?: number; snapshotReads?: boolean; neuve?: boolean } = {},
): Promise<TestDatabase> {
  if (TEST_ENGINE === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('OFFRE_TEST_ENGINE=postgres needs DATABASE_URL');
    // The creation time in the name lets the global setup clean only the leftovers of dead runs.
    const name = `t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
    return openPrivateDatabase(url, name, opts.poolSize ?? 10);
  }
  // In memory: the worker's instance put back in the template's state (pglite-reutilisee.ts), or
  // with `neuve`, a new one restored from the template (pglite-template.ts).
  const database = opts.neuve
    ? await openDatabase({ restoreFrom: await pgliteTemplate(), snapshotReads: opts.snapshotReads ?? false })
    : await baseReutilisee({ snapshotReads: opts.snapshotReads ?? false });
  await migrate(database.db);
  return database;
}

/** The services' context on `database`, with its read pool when it has one (PostgreSQL), clock real. */
export const testContext = (database: TestDatabase): AppContext => ({
  db: database.db,
  engine: database.engine,
  now: () => new Date(),
  ...(database.lecture ? { lecture: database.lecture } : {}),
});

/**
 * Fills the empty folder `dir` with a new migrated embedded database, as the CLI's first start
 * leaves it (`OFFRE_DATA_DIR`), from the template dump: ~2 s of CPU instead of the ~8 s of an
 * initdb and the migrations (measured on the CI machine). For tests of commands that open the
 * folder; the first start itself is tested on a truly empty folder (test/cli/premier-demarrage).
 * `demarre`: with the built-in communes too, as after a first `offre serve` or `offre db migrate`
 * (the `demarree` template): for a test that starts a server or runs `db migrate` on the folder.
 */
export async function seedDataDir(dir: string, opts: { demarre?: boolean } = {}): Promise<string> {
  const database = await openDatabase({
    dataDir: dir,
    restoreFrom: await pgliteTemplate(opts.demarre ? 'demarree' : 'migree'),
  });
  await database.close();
  return dir;
}

/** A new temporary folder holding a new migrated embedded database (seedDataDir); remove it with rmSync. */
export async function testDataDir(prefix = 'offre-test-', opts: { demarre?: boolean } = {}): Promise<string> {
  return seedDataDir(mkdtempSync(join(tmpdir(), prefix)), opts);
}
