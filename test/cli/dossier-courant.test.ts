import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../helpers/db.ts';

// The real command (bin/offre.js) run from another folder, without OFFRE_DATA_DIR: it used to
// create ./data there and work on an empty database. It now refuses, names the folder it looked
// in and how to name the right one, and creates nothing; `offre db migrate` still creates one.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

// Fresh user (05/12, M1): in a fresh clone (no ./data), `offre apikey list` created ./data and an
// empty base (≈ 34 s) to answer « Aucune clé d’API ». Only serve, db migrate, db restore and demo
// create one. Run only where this checkout has no base of its own (a developer's ./data is kept).
describe.skipIf(TEST_ENGINE !== 'pglite' || existsSync(join(ROOT, 'data')))(
  'a read-only command in Offre’s folder before any base exists',
  () => {
    afterAll(() => {
      // Without the refusal the command would have made one: leave the checkout as it was.
      rmSync(join(ROOT, 'data'), { recursive: true, force: true });
    });
    it.each([['apikey list'], ['check']])(
      'offre %s stops at once with BASE_ABSENTE, names ./data and how to create it',
      (commande) => {
        const args = commande.split(' ');
        const env = { ...process.env };
        delete env.OFFRE_DATA_DIR;
        delete env.DATABASE_URL;
        const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'offre.js'), ...args], {
          cwd: ROOT,
          env,
          encoding: 'utf8',
        });
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(
          `Aucune base embarquée dans « ${join(ROOT, 'data')} » (le dossier ./data du dossier courant, faute de OFFRE_DATA_DIR) : rien n’a été créé.`,
        );
        expect(r.stderr).toContain('npm start ou offre demo');
        expect(r.stderr).not.toContain('Lancez la commande depuis le dossier d’Offre');
        expect(r.stderr).not.toContain('Première ouverture');
        expect(r.stdout).toBe('');
        expect(existsSync(join(ROOT, 'data'))).toBe(false);
      },
      60_000,
    );
  },
);

describe.skipIf(TEST_ENGINE !== 'pglite')('the command line run away from Offre’s folder', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'offre-ailleurs-'));
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));
  const env = { ...process.env };
  delete env.OFFRE_DATA_DIR;
  delete env.DATABASE_URL;
  const offre = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'bin', 'offre.js'), ...args], { cwd, env, encoding: 'utf8' });

  it('refuses to work on a new empty ./data, names it and says how to point to the base', () => {
    const r = offre('referentiel', 'status');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Aucune base embarquée dans « ${join(cwd, 'data')} »`);
    expect(r.stderr).toContain('OFFRE_DATA_DIR=/chemin/vers/data');
    expect(r.stderr).toContain('[BASE_ABSENTE]');
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
  }, 60_000);

  // Fresh user (05/12, M1): a mistyped OFFRE_DATA_DIR was created, and an empty base made in it
  // (≈ 34 s), before « Aucune clé d’API ». Refused at once, the folder named, nothing created.
  it('refuses a mistyped OFFRE_DATA_DIR, names it, creates nothing', () => {
    const typo = join(cwd, 'typo', 'data');
    const debut = Date.now();
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'offre.js'), 'apikey', 'list'], {
      cwd,
      env: { ...env, OFFRE_DATA_DIR: typo },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`Aucune base embarquée dans « ${typo} » (le dossier de OFFRE_DATA_DIR)`);
    expect(r.stderr).toContain('Vérifiez le chemin donné à OFFRE_DATA_DIR');
    expect(r.stderr).toContain('offre db migrate');
    expect(r.stderr).toContain('[BASE_ABSENTE]');
    expect(r.stdout).toBe('');
    expect(existsSync(join(cwd, 'typo'))).toBe(false);
    expect(Date.now() - debut).toBeLessThan(15_000);
  }, 60_000);

  it('creates one there when asked to (offre db migrate), then works on it', () => {
    const migrate = offre('db', 'migrate');
    expect(migrate.status).toBe(0);
    expect(existsSync(join(cwd, 'data', 'pglite', 'PG_VERSION'))).toBe(true);
    const r = offre('referentiel', 'status');
    expect(r.stderr).not.toContain('BASE_ABSENTE');
    expect(r.status).toBe(0);
  }, 120_000);
});
