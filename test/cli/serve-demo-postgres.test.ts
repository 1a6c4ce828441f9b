import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, type TestDatabase, testDatabase } from '../helpers/db.ts';
import { BIN, ROOT } from './serveur.helper.ts';

// Fresh user, 07/12: docs/exploitation.md « PostgreSQL (production) » said `npm start`, i.e.
// `offre serve --demo-if-empty`: on an empty production database it loaded 2,000 fake formations,
// then publicly diffused. --demo-if-empty loads the demo on the embedded database only; on
// PostgreSQL it loads nothing and says so, in French, with how to load it on purpose.

const SANS = TEST_ENGINE !== 'postgres' ? ' (ignoré : PostgreSQL seulement)' : '';

describe.skipIf(!!SANS)(`offre serve --demo-if-empty on an empty PostgreSQL database${SANS}`, () => {
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.close();
  });

  it('loads no demo and says why, on one French line', async () => {
    database = await testDatabase({ poolSize: 1 });
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--demo-if-empty', '--demo-formations', '5'],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: database.url!, OFFRE_FICHIERS_PARTENAIRES: 'non' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let erreurs = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (d: Buffer) => {
        erreurs += d.toString();
        if (/^Offre écoute sur .*\n/m.test(erreurs)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`serveur arrêté (code ${code}) : ${erreurs}`)));
    });
    const fin = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await fin;
    const { rows } = await sql<{ n: string }>`select count(*) as n from formation`.execute(database.db);
    expect(Number(rows[0]!.n)).toBe(0);
    expect(erreurs).not.toContain('chargement de 5 formations');
    const ligne = erreurs.split('\n').find((l) => l.startsWith('Base PostgreSQL vide'));
    expect(ligne).toMatch(/aucune donnée de démonstration.*« offre demo »/);
  }, 120_000);
});

describe('docs/exploitation.md, PostgreSQL (production)', () => {
  it('starts with `npx offre serve`, never `npm start` (its --demo-if-empty)', () => {
    const doc = readFileSync(join(ROOT, 'docs/exploitation.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## PostgreSQL (production)'));
    const bloc = section.slice(0, section.indexOf('```', section.indexOf('```') + 3));
    expect(bloc).toContain('npx offre serve');
    expect(bloc).not.toContain('npm start');
  });
});
