import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.helper.ts';

// A tester's report (05/12, LOW): `offre import lheo /nonexistent.xml` said « Fichier introuvable »
// without the stable code the other errors of the command line print (« [LHEO_DATE_INVALIDE] »).
// Every command reading a file named on its command line says it with FICHIER_INTROUVABLE, before
// any database is opened (the folder below holds none: no engine is involved).
describe('a file named on the command line that does not exist', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offre-fichier-introuvable-'));
  const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '' };
  const absent = join(dir, 'absent.xml');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [['import', 'lheo', absent], 'Fichier'],
    [['import', 'classeur', absent], 'Fichier'],
    [['lheo', 'validate', absent], 'Fichier'],
    [['referentiel', 'import', 'communes', absent], 'Fichier'],
    [['db', 'restore', absent], 'Fichier'],
    [['plateformes', 'retour', 'parcoursup', absent], 'Fichier'],
  ])('offre %j', async (args, quoi) => {
    const r = await runCli(args, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Erreur : ${quoi} introuvable : ${absent} [FICHIER_INTROUVABLE]\n`);
  });

  it('offre lheo validate --xsd naming a missing schema', async () => {
    const fichier = join(import.meta.dirname, '../fixtures/lheo/avec-erreurs.xml');
    const r = await runCli(['lheo', 'validate', fichier, '--xsd', absent], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Erreur : Schéma introuvable : ${absent} [FICHIER_INTROUVABLE]\n`);
  });

  // A fresh operator (07/12, LOW): `offre referentiel import communes /tmp` said « Fichier
  // introuvable : /tmp. » of a folder. Every command reading a file named on its command line
  // says it with one helper (entree.ts), the way `offre export --out /tmp` words it.
  const dossier = join(dir, 'un-dossier');
  mkdirSync(dossier);
  it.each([
    [['import', 'lheo', dossier]],
    [['import', 'classeur', dossier]],
    [['lheo', 'validate', dossier]],
    [['referentiel', 'import', 'communes', dossier]],
    [['db', 'restore', dossier]],
    [['plateformes', 'retour', 'parcoursup', dossier]],
  ])('offre %j naming a folder', async (args) => {
    const r = await runCli(args, env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Erreur : ${dossier} est un dossier, pas un fichier [FICHIER_DOSSIER]\n`);
  });

  it('offre lheo validate --xsd naming a folder', async () => {
    const fichier = join(import.meta.dirname, '../fixtures/lheo/avec-erreurs.xml');
    const r = await runCli(['lheo', 'validate', fichier, '--xsd', dossier], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Erreur : ${dossier} est un dossier, pas un fichier [FICHIER_DOSSIER]\n`);
  });
});
