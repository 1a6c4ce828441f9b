import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.helper.ts';

// A tester's report (05/12): `offre export csv --out /nonexistent/dir/x.csv` said « Erreur interne :
// ENOENT: no such file or directory, open … » (and `export xlsx` hung). Every file a command writes
// is checked before any work (before the database is opened: the folder below holds none; before
// an import is applied) and refused in French, naming it, with SORTIE_IMPOSSIBLE.
describe('a file to write that cannot be written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offre-sortie-impossible-'));
  const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '' };
  const absent = join(dir, 'absent');
  const cible = join(absent, 'x.out');
  const fichier = join(import.meta.dirname, '../fixtures/lheo/avec-erreurs.xml');
  const dossier = join(dir, 'un-dossier');
  mkdirSync(dossier);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const commandes = (out: string) => [
    ['export', 'xlsx', '--out', out],
    ['export', 'csv', '--out', out],
    ['export', 'lheo', '--out', out],
    ['export', 'classeur', '--siret', '73282932000074', '--out', out],
    ['partenaires', 'export', 'france-travail', '--out', out],
    ['db', 'dump', out],
    ['import', 'lheo', fichier, '--rapport', out],
    ['import', 'classeur', fichier, '--errors', out],
  ];

  it.each(commandes(cible).map((a) => [a.join(' ').replaceAll(dir, '…'), a] as const))(
    'offre %s into a folder that does not exist',
    async (_, args) => {
      const r = await runCli([...args], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        `Erreur : Impossible d’écrire le fichier « ${cible} » : le dossier « ${absent} » n’existe pas (créez-le d’abord, ou choisissez un autre dossier). [SORTIE_IMPOSSIBLE]\n`,
      );
    },
  );

  it.each(commandes(dossier).map((a) => [a.join(' ').replaceAll(dir, '…'), a] as const))(
    'offre %s onto a folder',
    async (_, args) => {
      const r = await runCli([...args], env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `Erreur : Impossible d’écrire le fichier « ${dossier} » : « ${dossier} » est un dossier`,
      );
      expect(r.stderr).toContain('[SORTIE_IMPOSSIBLE]');
      expect(readdirSync(dossier)).toEqual([]);
    },
  );

  it('a folder whose path goes through a file', async () => {
    const f = join(dir, 'un-fichier');
    writeFileSync(f, '');
    const r = await runCli(['export', 'csv', '--out', join(f, 'x.csv')], env);
    expect(r.stderr).toBe(
      `Erreur : Impossible d’écrire le fichier « ${join(f, 'x.csv')} » : « ${f} » n’est pas un dossier. [SORTIE_IMPOSSIBLE]\n`,
    );
  });

  // The fresh user of 06/12 (second pass): `-o -` wrote a file named « - ». On the commands that
  // write to the standard output by default it is the standard output (export-lheo-siret.test.ts);
  // on those that always write a file, it is refused, naming why.
  it.each(
    [
      ['export', 'xlsx', '--out', '-'],
      ['export', 'classeur', '--siret', '73282932000074', '-o', '-'],
      ['db', 'dump', '-'],
      ['import', 'lheo', fichier, '--rapport', '-'],
      ['import', 'classeur', fichier, '--errors', '-'],
    ].map((a) => [a.join(' ').replaceAll(dir, '…').replace(fichier, '<fichier>'), a] as const),
  )('offre %s: « - » is not a file name', async (_, args) => {
    const r = await runCli([...args], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Erreur : Impossible d’écrire le fichier « - » : « - » désigne la sortie standard, et cette commande écrit toujours un fichier : indiquez un nom de fichier. [SORTIE_IMPOSSIBLE]\n',
    );
    // A file named « - » would be left in the project's folder: removed, then failed on.
    const tiret = join(process.cwd(), '-');
    const cree = existsSync(tiret);
    rmSync(tiret, { force: true });
    expect(cree).toBe(false);
  });

  // Permissions do not hold root back: run as another user only.
  it.skipIf(process.getuid?.() === 0)('a read-only folder', async () => {
    const lecture = join(dir, 'lecture-seule');
    mkdirSync(lecture);
    chmodSync(lecture, 0o500);
    const r = await runCli(['export', 'csv', '--out', join(lecture, 'x.csv')], env);
    expect(r.stderr).toBe(
      `Erreur : Impossible d’écrire le fichier « ${join(lecture, 'x.csv')} » : le dossier « ${lecture} » n’est pas accessible en écriture (droits insuffisants). [SORTIE_IMPOSSIBLE]\n`,
    );
    chmodSync(lecture, 0o700);
  });
});
