import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// `offre partenaires list | export | fichiers` and `offre apikey add --profils` on an embedded
// database: the same service as the server's schedules and the API (docs/partenaires.md).
describe.skipIf(TEST_ENGINE !== 'pglite')('offre partenaires', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offre-partenaires-'));
  beforeAll(() => seedDataDir(dir));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: undefined };

  it('lists the three profiles with their format and schedule', async () => {
    const r = await runCli(['partenaires', 'list'], env);
    expect(r.code).toBe(0);
    const lignes = r.stdout.trim().split('\n');
    expect(lignes.map((l) => l.split('\t').slice(0, 2))).toEqual([
      ['france-travail', 'LHEO'],
      ['missions-locales', 'CSV'],
      ['formations-collectives', 'XLSX'],
    ]);
    expect(lignes[2]).toContain('le 1er et le 15 de chaque mois');
    // The offer types and funders as the pages name them (domain/libelles.ts), never their codes.
    expect(lignes[2]).toMatch(
      / — offre : Conventionnée \(financée\) — sessions financées par France Travail, Région, Agefiph$/,
    );
    expect(r.stdout).not.toMatch(/conventionne\b|france_travail|\bregion\b/);
  });

  it('--json keeps the codes a script compares', async () => {
    const r = await runCli(['partenaires', 'list', '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[2]).toMatchObject({
      code: 'formations-collectives',
      types: ['conventionne'],
      financeurs: ['france_travail', 'region', 'agefiph'],
    });
  });

  it('writes a profile’s file, keeps it with its checksum, refuses an unknown profile in French', async () => {
    const out = join(dir, 'ml.csv');
    const r = await runCli(['partenaires', 'export', 'missions-locales', '--out', out, '--garder'], env);
    expect(r.code).toBe(0);
    const contenu = readFileSync(out);
    expect(contenu.toString('utf8').split('\r\n')[0]).toContain(';reunions_information;bilans;');
    const gardes = JSON.parse((await runCli(['partenaires', 'fichiers', '--json'], env)).stdout);
    expect(gardes).toHaveLength(1);
    expect(gardes[0]).toMatchObject({ profil: 'missions-locales', format: 'csv', formations: 0 });
    // The same selection written twice: the same bytes.
    expect(gardes[0].sha256).toBe(createHash('sha256').update(contenu).digest('hex'));

    const ko = await runCli(['partenaires', 'export', 'pole-emploi'], env);
    expect(ko.code).not.toBe(0);
    expect(ko.stderr).toContain('Profil partenaire « pole-emploi » inconnu');
  });

  it('an LHEO profile with nothing to diffuse writes no file and says why (LHEO needs one formation)', async () => {
    const out = join(dir, 'ft.xml');
    const r = await runCli(['partenaires', 'export', 'france-travail', '--out', out], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Aucune formation pour le profil « france-travail »');
    expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  it('a read key names its profiles; an unknown profile or a write key with one is refused', async () => {
    const ok = await runCli(
      ['apikey', 'add', '--name', 'SI ML', '--profils', 'missions-locales', '--json'],
      env,
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ scope: 'read', profils: ['missions-locales'] });
    const inconnu = await runCli(['apikey', 'add', '--name', 'x', '--profils', 'nope'], env);
    expect(inconnu.code).not.toBe(0);
    expect(inconnu.stderr).toContain('Profil partenaire « nope » inconnu');
    const admin = await runCli(
      ['apikey', 'add', '--name', 'y', '--scope', 'admin', '--profils', 'missions-locales'],
      env,
    );
    expect(admin.code).not.toBe(0);
    expect(admin.stderr).toContain('Seule une clé « read » se lie à des profils');
  });
});
