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

  it('creates one there when asked to (offre db migrate), then works on it', () => {
    const migrate = offre('db', 'migrate');
    expect(migrate.status).toBe(0);
    expect(existsSync(join(cwd, 'data', 'pglite', 'PG_VERSION'))).toBe(true);
    const r = offre('referentiel', 'status');
    expect(r.stderr).not.toContain('BASE_ABSENTE');
    expect(r.status).toBe(0);
  }, 120_000);
});
