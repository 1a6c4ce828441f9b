import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';

// In this process: the same main() as bin/offre.js, a separate process would add nothing.
const cli = (args: string[], dataDir: string) => runCli(args, { DATABASE_URL: '', OFFRE_DATA_DIR: dataDir });

// The embedded engine only (PostgreSQL has pg_dump); runs once, in the PGlite project.
describe.skipIf(TEST_ENGINE !== 'pglite')('offre db dump / restore (embedded database)', () => {
  it('restores exactly what was dumped, keeping the replaced folder aside', async () => {
    const dir = await testDataDir('offre-dump-');
    try {
      let d = await openDatabase({ dataDir: dir });
      await sql`insert into campagne (annee, libelle, fenetre_debut, fenetre_fin) values (2031, 'Rentrée 2031', '2031-08-01', '2032-07-31')`.execute(
        d.db,
      );
      await d.close();

      const dump = await cli(['db', 'dump', join(dir, 'sauvegarde.tar.gz')], dir);
      expect(dump.code, dump.stderr).toBe(0);

      d = await openDatabase({ dataDir: dir });
      await sql`delete from campagne`.execute(d.db);
      await d.close();

      const restore = await cli(['db', 'restore', join(dir, 'sauvegarde.tar.gz')], dir);
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stderr).toMatch(/Ancienne base déplacée/);

      d = await openDatabase({ dataDir: dir });
      const rows = await d.db.selectFrom('campagne').select('annee').execute();
      // While the folder is open elsewhere (here: this process, as a running `offre serve` would
      // hold it), a restore is refused before it moves anything: the open base keeps its folder.
      const aside = () => readdirSync(dir).filter((n) => n.startsWith('pglite.avant-restauration-'));
      expect(aside()).toHaveLength(1);
      const refusee = await cli(['db', 'restore', join(dir, 'sauvegarde.tar.gz')], dir);
      expect(refusee.code).toBe(1);
      expect(refusee.stderr).not.toMatch(/Ancienne base déplacée/);
      expect(aside()).toHaveLength(1);
      await sql`insert into campagne (annee, libelle, fenetre_debut, fenetre_fin) values (2032, 'Rentrée 2032', '2032-08-01', '2033-07-31')`.execute(
        d.db,
      );
      await d.close();
      expect(rows).toEqual([{ annee: 2031 }]);
      d = await openDatabase({ dataDir: dir });
      const apres = await d.db.selectFrom('campagne').select('annee').orderBy('annee').execute();
      await d.close();
      expect(apres).toEqual([{ annee: 2031 }, { annee: 2032 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000); // five openings of a PGlite folder: slow on a loaded 2-core machine

  it('refuses a missing file with a French message and exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offre-dump-'));
    try {
      const r = await cli(['db', 'restore', join(dir, 'absent.tar.gz')], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Fichier introuvable/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
