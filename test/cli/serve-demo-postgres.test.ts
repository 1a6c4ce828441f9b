import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE, type TestDatabase, testDatabase } from '../helpers/db.ts';
import { demarrerServe, ROOT } from './serveur.helper.ts';

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
    // Its own DATABASE_URL: the server runs on PostgreSQL, the embedded folder is never opened.
    const dir = mkdtempSync(join(tmpdir(), 'offre-demo-pg-'));
    const serveur = await demarrerServe(dir, {
      args: ['--demo-if-empty', '--demo-formations', '5'],
      env: { DATABASE_URL: database.url!, OFFRE_FICHIERS_PARTENAIRES: 'non' },
    });
    try {
      await serveur.tuer();
      const { rows } = await sql<{ n: string }>`select count(*) as n from formation`.execute(database.db);
      expect(Number(rows[0]!.n)).toBe(0);
      const erreurs = serveur.erreurs();
      expect(erreurs).not.toContain('chargement de 5 formations');
      const ligne = erreurs.split('\n').find((l) => l.startsWith('Base PostgreSQL vide'));
      expect(ligne).toMatch(/aucune donnée de démonstration.*« offre demo »/);
    } finally {
      await serveur.tuer();
      rmSync(dir, { recursive: true, force: true });
    }
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
