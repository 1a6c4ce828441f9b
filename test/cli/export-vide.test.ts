import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// The fresh user of stop 23: in a folder whose offers are not published, `offre export lheo`
// said « Aucune formation à exporter » and nothing of the other file, `--all`.
describe.skipIf(TEST_ENGINE !== 'pglite')(
  'offre export lheo with nothing diffused (embedded database)',
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = await testDataDir('offre-export-vide-');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('points to --all, and --all says the base is empty', async () => {
      const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: undefined };
      const r = await runCli(['export', 'lheo'], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^Erreur : Aucune formation à exporter : .* « offre export lheo --all » exporte toutes les formations de la base\. \[AUCUNE_FORMATION\]\n$/,
      );
      const tout = await runCli(['export', 'lheo', '--all'], env);
      expect(tout.code).toBe(1);
      expect(tout.stderr).not.toMatch(/--all/);
    });
  },
);
