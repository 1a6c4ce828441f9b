import { describe, expect, it } from 'vitest';
import { lignesStatut } from '../../src/cli/commands/referentiel.command.ts';
import { useTestApi } from '../api/helpers.ts';
import { TEST_ENGINE } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// A fresh user (07/12): `offre apikey list` said « créée le 7 décembre 2026 » for a key
// `offre audit list` dated « 8 décembre 2026 à 00:21 » (its UTC day); `offre referentiel status`
// wrote « communes  communes » where every other line left the dataset empty.

const t = useTestApi();

describe('the command line’s lists', () => {
  it.runIf(TEST_ENGINE === 'postgres')('date a key by its day in Paris', async () => {
    // 23:21 UTC on the 7th is 00:21 in Paris on the 8th.
    await t.ctx.db
      .updateTable('api_key')
      .set({ created_at: new Date('2026-12-07T23:21:00Z') })
      .execute();
    const r = await runCli(['apikey', 'list'], { DATABASE_URL: t.database.url!, OFFRE_DATA_DIR: undefined });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('8 décembre 2026');
    expect(r.stdout).not.toContain('7 décembre 2026');
  });

  it('leave the dataset empty when it only repeats the kind', () => {
    const [l] = lignesStatut([
      {
        kind: 'communes',
        jeu: 'communes',
        fichier: '@etalab/decoupage-administratif 4.0.0',
        importe_le: '2026-11-30T10:00:00.000Z',
        date_fichier: null,
        run_id: 3,
        lignes_lues: 39000,
        lignes_gardees: 39000,
        lignes_rejetees: 0,
        force: true,
        integree: true,
      },
    ]);
    expect(l).toMatch(/^communes {4}liste intégrée/);
  });
});
