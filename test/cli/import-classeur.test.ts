import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// The fresh user: `offre import classeur` said why a workbook was refused without its stable code,
// when the LHEO command's report prints each refusal's (« [LHEO_DATE_INVALIDE] »).
describe.skipIf(TEST_ENGINE !== 'pglite')('offre import classeur, a refused workbook', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await testDataDir('offre-import-classeur-');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the French message, the file and the stable code', async () => {
    const fichier = join(dir, 'offre.xlsx');
    writeFileSync(fichier, 'Référence;Intitulé\n');
    const r = await runCli(['import', 'classeur', fichier], { OFFRE_DATA_DIR: dir, DATABASE_URL: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Erreur : .*offre\.xlsx n’est pas un classeur Excel .*\[CLASSEUR_PAS_XLSX\]\n$/,
    );
  });

  it('an LHEO file is said to be one, with where to import it', async () => {
    const fichier = join(dir, 'offre.xml');
    writeFileSync(
      fichier,
      '<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="http://lheo.gouv.fr/2.3"><offres/></lheo>\n',
    );
    const r = await runCli(['import', 'classeur', fichier], { OFFRE_DATA_DIR: dir, DATABASE_URL: undefined });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Erreur : .*offre\.xml est un fichier LHEO \(XML\), pas un classeur Excel \.xlsx : importez-le comme fichier LHEO \(« offre import lheo ».*\[CLASSEUR_FICHIER_LHEO\]\n$/,
    );
  });

  it('a missing file prints its stable code too', async () => {
    const r = await runCli(['import', 'classeur', join(dir, 'absent.xlsx')], {
      OFFRE_DATA_DIR: dir,
      DATABASE_URL: undefined,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Erreur : Fichier introuvable : .*absent\.xlsx \[FICHIER_INTROUVABLE\]\n$/);
  });
});
