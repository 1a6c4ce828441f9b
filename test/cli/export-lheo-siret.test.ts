import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { pluriel } from '../../src/domain/pluriel.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// The fresh user of stop 23: `GET /exports/lheo?siret=` gave an organisme its own file, the CLI
// could not. `offre export lheo|csv|xlsx --siret` use the API's query schema (ExportFiltres).
describe.skipIf(TEST_ENGINE !== 'pglite')('offre export --siret (embedded database)', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let siret: string;
  let siennes: number;
  let siretDiffuse: string;
  beforeAll(async () => {
    dir = await testDataDir('offre-export-siret-');
    env = { OFFRE_DATA_DIR: dir, DATABASE_URL: undefined };
    const demo = await runCli(['demo', '--formations', '40'], env);
    expect(demo.code, demo.stderr).toBe(0);
    const database = await openDatabase({ dataDir: dir });
    try {
      const { rows } = await sql<{ siret: string; n: number }>`
        select responsable_siret as siret, count(*)::int as n from formation
        group by responsable_siret order by count(*) desc, responsable_siret limit 1`.execute(database.db);
      siret = rows[0]!.siret;
      const { rows: toutes } = await sql<{ n: number }>`
        select count(*)::int as n from formation
        where ${siret} in (responsable_siret, formateur_siret, mandataire_siret)
          and statut <> 'supprimee'`.execute(database.db);
      siennes = toutes[0]!.n;
      // The CSV export is the diffused offer: a SIRET with diffused formations.
      const { rows: diffusees } = await sql<{ siret: string }>`
        select responsable_siret as siret from formation
        where statut = 'publiee' and catalogue = 'general' order by id limit 1`.execute(database.db);
      siretDiffuse = diffusees[0]!.siret;
    } finally {
      await database.close();
    }
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes only the formations of that SIRET', async () => {
    const out = join(dir, 'organisme.xml');
    const r = await runCli(['export', 'lheo', '--all', '--siret', siret, '--out', out], env);
    expect(r.code, r.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    const formations = xml.match(/<formation[\s>]/g) ?? [];
    expect(formations.length).toBe(siennes);
    expect(r.stderr).toContain(`${pluriel(siennes, 'formation exportée', 'formations exportées')}`);
    // Every formation of the file names the SIRET (as responsable, formateur or mandataire).
    for (const bloc of xml.split(/<formation[\s>]/).slice(1)) expect(bloc).toContain(siret);
  });

  it('-o is --out (fresh user, 06/12: « -o f.xml » refused): the same file', async () => {
    const court = join(dir, 'court.xml');
    const r = await runCli(['export', 'lheo', '--all', '--siret', siret, '-o', court], env);
    expect(r.code, r.stderr).toBe(0);
    // The same file but its instant (`exporte-le`: each export says when it was made).
    const sansInstant = (f: string) =>
      readFileSync(f, 'utf8').replace(/<extra info="exporte-le">[^<]*<\/extra>/g, '');
    expect(sansInstant(court)).toBe(sansInstant(join(dir, 'organisme.xml')));
    expect(readFileSync(court, 'utf8')).toContain('<extra info="exporte-le">');
  });

  it('-o - is the standard output (fresh user, 06/12: it wrote a file named « - »)', async () => {
    const r = await runCli(['export', 'lheo', '--all', '--siret', siret, '-o', '-'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('<lheo');
    expect(r.stdout).toContain(siret);
    const c = await runCli(['export', 'csv', '--siret', siretDiffuse, '--out', '-'], env);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toContain(siretDiffuse);
    // A file named « - » would be left in the project's folder: removed, then failed on.
    const tiret = join(process.cwd(), '-');
    const cree = existsSync(tiret);
    rmSync(tiret, { force: true });
    expect(cree).toBe(false);
  });

  it('offre export csv --siret: the same formations, one line per session', async () => {
    const r = await runCli(['export', 'csv', '--siret', siretDiffuse], env);
    expect(r.code, r.stderr).toBe(0);
    const lignes = parse(r.stdout, { bom: true, delimiter: ';', columns: true }) as Record<string, string>[];
    expect(lignes.length).toBeGreaterThan(0);
    for (const l of lignes)
      expect([l.responsable_siret, l.formateur_siret, l.mandataire_siret]).toContain(siretDiffuse);
  });

  it.each([['lheo'], ['csv']])(
    'offre export %s refuses a malformed SIRET with the API’s message',
    async (format) => {
      const r = await runCli(['export', format, '--siret', '1234'], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/--siret.*« 1234 ».*SIRET de 14 chiffres attendu\./);
    },
  );

  // One rule with the API (contract ExportFiltres): spaces around a SIRET are trimmed.
  it.each([['lheo'], ['csv']])('offre export %s takes a SIRET with spaces around it', async (format) => {
    const r = await runCli(
      ['export', format, ...(format === 'lheo' ? ['--all'] : []), '--siret', ` ${siretDiffuse} `],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(siretDiffuse);
  });

  it.each([['lheo'], ['csv'], ['xlsx']])(
    'offre export %s refuses a région that does not exist, listing the valid codes',
    async (format) => {
      const r = await runCli(['export', format, '--region', '99', '--out', join(dir, `r99.${format}`)], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^Erreur : --region : région « 99 » inconnue : .* \[REGION_INCONNUE\]\n$/);
      expect(r.stderr).toContain('01, 02, 03, 04, 06, 11, 24, 27, 28, 32, 44, 52, 53, 75, 76, 84, 93, 94');
      expect(existsSync(join(dir, `r99.${format}`))).toBe(false);
    },
  );

  it('offre export xlsx without --out names its file after the SIRET and the day', async () => {
    const ici = process.cwd();
    process.chdir(dir);
    try {
      const r = await runCli(['export', 'xlsx', '--siret', siretDiffuse], env);
      expect(r.code, r.stderr).toBe(0);
      const nom = `offre-formations-siret-${siretDiffuse}-${new Date().toISOString().slice(0, 10)}.xlsx`;
      expect(r.stderr).toMatch(/\d+ formations? exportées? dans /);
      expect(r.stderr).toContain(` dans ${join(dir, nom)}`);
      expect(readFileSync(join(dir, nom)).subarray(0, 2).toString()).toBe('PK');
    } finally {
      process.chdir(ici);
    }
  });

  it('a SIRET with no formation: AUCUNE_FORMATION naming it', async () => {
    const r = await runCli(['export', 'lheo', '--all', '--siret', '13002526500013'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Erreur : Aucune formation à exporter pour le SIRET 13002526500013/);
  });

  it('--all leaves deleted offers out: the file imported back rejects nothing (fresh user, 07/12)', async () => {
    // A SIRET with a deleted offer (one of the demo's, or one deleted here).
    const database = await openDatabase({ dataDir: dir });
    let avecSupprimee: string;
    try {
      const { rows } = await sql<{ siret: string; id: string; statut: string }>`
        select responsable_siret as siret, id, statut from formation where responsable_siret = ${siret}
        order by (statut = 'supprimee') desc, id limit 1`.execute(database.db);
      avecSupprimee = rows[0]!.siret;
      if (rows[0]!.statut !== 'supprimee')
        await sql`update formation set statut_avant_suppression = statut, statut = 'supprimee'
          where id = ${rows[0]!.id}`.execute(database.db);
    } finally {
      await database.close();
    }
    const out = join(dir, 'sans-supprimees.xml');
    const e = await runCli(['export', 'lheo', '--all', '--siret', avecSupprimee, '--out', out], env);
    expect(e.code, e.stderr).toBe(0);
    const i = await runCli(['import', 'lheo', '--dry-run', '--json', out], env);
    expect(i.code, i.stderr).toBe(0);
    const rapport = JSON.parse(i.stdout);
    expect(rapport.formations).toMatchObject({ rejetees: 0, creees: 0, mises_a_jour: 0 });
    expect(i.stderr).not.toContain('FORMATION_SUPPRIMEE');
  });
});
