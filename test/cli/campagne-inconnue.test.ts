import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { openDatabase } from '../../src/db/database.ts';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { SIREN_A, SIRET_A } from '../helpers/formations.ts';
import { runCli } from './cli.helper.ts';

// A fresh user's report on the command line: a campaign that does not exist was not refused —
// `offre export classeur --campagne 2030` wrote a workbook whose every row then failed, `--campagne
// 1999` said it was no year, `offre campagne rollover --from 1999` simulated a rollover and exited
// 0 —; `--region 99` said « (REGION_INCONNUE) » where every other error says « [CODE] »; and
// `offre export csv --siret` with no formation wrote an empty file where LHEO refused.
describe.skipIf(TEST_ENGINE !== 'pglite')('offre: unknown campaign, région, empty selection', () => {
  let dir = '';
  const env = () => ({ OFFRE_DATA_DIR: dir, DATABASE_URL: undefined });
  beforeAll(async () => {
    dir = await testDataDir('offre-campagne-inconnue-');
    const database = await openDatabase({ dataDir: dir });
    try {
      const now = new Date();
      await upsertOrganismes(
        database.db,
        [{ siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: 'CFA Exemple', nda: null }],
        now,
      );
      await ensureCampagne(database.db, 2026);
      await ensureCampagne(database.db, 2027);
    } finally {
      await database.close();
    }
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('export classeur --campagne 2030 or 1999: CAMPAGNE_INCONNUE named by --campagne, no file', async () => {
    for (const annee of ['2030', '1999']) {
      const out = join(dir, `c-${annee}.xlsx`);
      const r = await runCli(
        ['export', 'classeur', '--siret', SIRET_A, '--campagne', annee, '--out', out],
        env(),
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(
          `^Erreur : --campagne ${annee} : La campagne ${annee} \\(rentrée ${annee}\\) n’existe pas : campagnes existantes 2027, 2026 ; .* \\[CAMPAGNE_INCONNUE\\]\\n$`,
        ),
      );
      expect(existsSync(out)).toBe(false);
    }
    const ok = await runCli(
      ['export', 'classeur', '--siret', SIRET_A, '--campagne', '2027', '--out', join(dir, 'c.xlsx')],
      env(),
    );
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('campagne rollover --from 1999 --to 2000 --dry-run: refused, exit 1 (was 0)', async () => {
    const r = await runCli(['campagne', 'rollover', '--from', '1999', '--to', '2000', '--dry-run'], env());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^Erreur : --from 1999 : La campagne 1999 \(rentrée 1999\) n’existe pas : campagnes existantes 2027, 2026 ; .* \[CAMPAGNE_INCONNUE\]\n$/,
    );
  });

  it('--region 99: the code in brackets, as every other error', async () => {
    const r = await runCli(['export', 'csv', '--region', '99'], env());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^Erreur : --region : région « 99 » inconnue : codes INSEE valides 01, 02, .*, 94\. \[REGION_INCONNUE\]\n$/,
    );
  });

  it('export csv and xlsx --siret with no formation: AUCUNE_FORMATION, as export lheo', async () => {
    for (const format of ['csv', 'xlsx']) {
      const out = join(dir, `vide.${format}`);
      const r = await runCli(['export', format, '--siret', '99999999999999', '--out', out], env());
      expect(r.code, format).toBe(1);
      expect(r.stderr).toMatch(
        /^Erreur : Aucune formation à exporter pour le SIRET 99999999999999 : .*\[AUCUNE_FORMATION\]\n$/,
      );
      expect(existsSync(out)).toBe(false);
    }
  });
});
