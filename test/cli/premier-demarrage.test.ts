import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dateHeureLongue } from '../../src/domain/dates.ts';
import { TEST_ENGINE } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// Issue 11 item 6: a new install checks places from its first offer. `offre db migrate` loads the
// built-in communes into an empty commune table, once, and `referentiel status` says so.
describe.skipIf(TEST_ENGINE !== 'pglite')('first start of a new install (embedded database)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offre-premier-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: undefined };

  it('db migrate loads the built-in communes once; status names them as the built-in list', async () => {
    const first = await runCli(['db', 'migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Communes : liste intégrée chargée \(@etalab\/decoupage-administratif /);
    // The two long silent steps of a first start are said before they begin (fresh user, 05/12).
    expect(first.stderr).toMatch(
      new RegExp(
        `^Première ouverture : création de la base embarquée dans ${dir} \\(une minute environ\\)…$`,
        'm',
      ),
    );
    expect(first.stderr.indexOf('Communes : chargement de la liste intégrée')).toBeGreaterThan(-1);
    expect(first.stderr.indexOf('Communes : chargement')).toBeLessThan(
      first.stderr.indexOf('liste intégrée chargée'),
    );
    const again = await runCli(['db', 'migrate'], env);
    expect(again.stderr).not.toMatch(/Communes|Première ouverture/);

    const status = await runCli(['referentiel', 'status', '--json'], env);
    const s = JSON.parse(status.stdout);
    expect(s.runs).toEqual([
      expect.objectContaining({ kind: 'communes', jeu: 'communes', integree: true, lignes_rejetees: 0 }),
    ]);
    expect(s.faits.commune).toBeGreaterThan(35000);
    expect(s.faits.commune_ancienne).toBeGreaterThan(2000);
    const texte = await runCli(['referentiel', 'status'], env);
    // The second column (the file set) stays empty when it only repeats the kind.
    expect(texte.stdout).toMatch(/^communes\s+liste intégrée \(@etalab\/decoupage-administratif/m);
    // The import time in Paris time, in full as the pages show it (« 1er décembre 2026 à 18:10 »), not the UTC ISO text.
    expect(texte.stdout).toContain(`importé le ${dateHeureLongue(s.runs[0].importe_le)}`);
    expect(texte.stdout).toMatch(/importé le (1er|\d\d?) [a-zéû]+ 20\d\d à \d\d:\d\d/);
    // The built-in list has no file date: said in French, not « du ? ».
    expect(texte.stdout).toContain('date du fichier inconnue');
    expect(texte.stdout).not.toContain('du ?');
  }, 120_000);
});
