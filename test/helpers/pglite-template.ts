import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';

// A fresh in-memory PGlite costs ~9 s of CPU on this machine (initdb, then the migrations); the
// same database restored from a dump of a freshly migrated one, ~0.7 s in a worker that already
// opened one (measured 01/12/2026, the tar uncompressed). Test files start from that dump, made
// once per set of migrations and PGlite version: the database each gets is the same — new, empty,
// migrated, its own — only made faster, and without the cluster's template databases
// (sansBasesModeles).

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MIGRATIONS = join(ROOT, 'src', 'db', 'migrations');

/** 16 hex digits of the migration files' names and contents, then of `extra` (a version file). */
export function migrationsDigest(...extra: string[]): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS).sort()) h.update(f).update(readFileSync(join(MIGRATIONS, f)));
  for (const e of extra) h.update(readFileSync(e));
  return h.digest('hex').slice(0, 16);
}

/**
 * What a template holds: `migree`, a new migrated database; `demarree`, the same after the first
 * start of `offre serve` or `offre db migrate` (the built-in communes loaded, ensureCommunesParDefaut).
 */
export type Gabarit = 'migree' | 'demarree';

function templatePath(gabarit: Gabarit): string {
  const digest = migrationsDigest(
    // This file: how a template is made (a change here makes new templates).
    fileURLToPath(import.meta.url),
    join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'),
    // The built-in communes: the list's version is in its package file.
    join(ROOT, 'node_modules', '@etalab', 'decoupage-administratif', 'package.json'),
  );
  const nom = gabarit === 'migree' ? 'pglite' : 'pglite-demarree';
  return join(ROOT, 'node_modules', '.cache', 'offre-tests', `${nom}-${digest}.tar.gz`);
}

/**
 * The dump of a new migrated PGlite database, as an uncompressed tar (made on first use, then read
 * from the cache; kept in memory by each worker, 43 MB): restoring it skips the gunzip, ~0.2 s of
 * CPU of the ~0.9 s an opening costs (measured), for every test database and data folder.
 * `demarree`: the same after a first start (the built-in communes loaded, ≈ 3 to 6 s of CPU of
 * each first `offre serve` or `offre db migrate` on a new folder, measured 01/12/2026), for tests
 * of a started server or CLI whose point is not the first start (that one is
 * test/cli/premier-demarrage.test.ts, on an empty folder).
 */
export function pgliteTemplate(gabarit: Gabarit = 'migree'): Promise<Uint8Array> {
  let t = enMemoire.get(gabarit);
  if (!t) {
    t = lireOuFaire(gabarit).then((gz) => new Uint8Array(gunzipSync(gz)));
    enMemoire.set(gabarit, t);
  }
  return t;
}
const enMemoire = new Map<Gabarit, Promise<Uint8Array>>();

/** The cached gzipped dump (`offre db dump`'s format), made first when absent. */
async function lireOuFaire(gabarit: Gabarit): Promise<Uint8Array> {
  const path = templatePath(gabarit);
  try {
    return readFileSync(path);
  } catch {
    const database =
      gabarit === 'migree'
        ? await openDatabase({})
        : await openDatabase({ restoreFrom: await pgliteTemplate('migree') });
    try {
      await migrate(database.db);
      if (gabarit === 'migree') await sansBasesModeles(database);
      if (gabarit === 'demarree') {
        const { ensureCommunesParDefaut } = await import('../../src/services/referentiel.service.ts');
        await ensureCommunesParDefaut({ db: database.db, engine: database.engine, now: () => new Date() });
      }
      const dump = await database.dump!();
      mkdirSync(join(path, '..'), { recursive: true });
      const tmp = `${path}.${randomBytes(4).toString('hex')}`;
      writeFileSync(tmp, dump);
      renameSync(tmp, path); // atomic: parallel workers may make it at the same time
      return dump;
    } finally {
      await database.close();
    }
  }
}

/**
 * Drops the cluster's two template databases (template0, template1; the `demarree` template is
 * made from the `migree` one and has none either): Offre works in the database `postgres` only
 * and never creates one on PGlite, and their ~800 files (14 MB of the 43 MB dump) were unpacked
 * at every opening of a test database or data folder: 0.30 s of CPU instead of 0.45 s per
 * opening (measured 01/12/2026, 12 openings in one process).
 */
async function sansBasesModeles(database: Awaited<ReturnType<typeof openDatabase>>): Promise<void> {
  // One statement each: DROP DATABASE refuses to run in a transaction block.
  await sql`update pg_database set datistemplate = false where datname in ('template0', 'template1')`.execute(
    database.db,
  );
  await sql`drop database template0`.execute(database.db);
  await sql`drop database template1`.execute(database.db);
  await sql`checkpoint`.execute(database.db);
}
