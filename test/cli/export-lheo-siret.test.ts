import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// The fresh user of stop 23: `GET /exports/lheo?siret=` gave an organisme its own file, the CLI
// could not. `offre export lheo --siret` uses the API's query schema.
describe.skipIf(TEST_ENGINE !== 'pglite')('offre export lheo --siret (embedded database)', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let siret: string;
  let siennes: number;
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
        where ${siret} in (responsable_siret, formateur_siret, mandataire_siret)`.execute(database.db);
      siennes = toutes[0]!.n;
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
    expect(r.stderr).toContain(`${siennes} formation(s) exportée(s)`);
    // Every formation of the file names the SIRET (as responsable, formateur or mandataire).
    for (const bloc of xml.split(/<formation[\s>]/).slice(1)) expect(bloc).toContain(siret);
  });

  it('refuses a malformed SIRET with the API’s message, nothing written', async () => {
    const r = await runCli(['export', 'lheo', '--all', '--siret', '1234'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Erreur : --siret 1234 : SIRET de 14 chiffres attendu.\n');
  });

  it('a SIRET with no formation: AUCUNE_FORMATION naming it', async () => {
    const r = await runCli(['export', 'lheo', '--all', '--siret', '13002526500013'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Erreur : Aucune formation à exporter pour le SIRET 13002526500013/);
  });
});
