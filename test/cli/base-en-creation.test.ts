import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/db/lock.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// The first `npm start` creates the embedded database (tens of seconds): a command run meanwhile
// said « Aucune base embarquée … rien n’a été créé », as if nothing were coming. While a live
// process holds the data folder's lock and the base is not there yet, it now says the base is
// being created and to wait. The process holding the lock here is this test (a real lock, the
// one `offre serve` takes before PGlite writes anything).
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(TEST_ENGINE !== 'pglite')('a command run while the server creates the embedded base', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offre-en-creation-'));
  let liberer: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    liberer = await lockDataDir(dir);
  });
  afterAll(async () => {
    await liberer?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says the base is being created and to wait, not that there is none', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, OFFRE_DATA_DIR: dir };
    delete env.DATABASE_URL;
    const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'offre.js'), 'apikey', 'list'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`La base embarquée de « ${dir} » est en cours de création`);
    expect(r.stderr).toContain(`pid ${process.pid}`);
    expect(r.stderr).toContain('Attendez la fin du démarrage');
    expect(r.stderr).toContain('[BASE_EN_CREATION]');
    expect(r.stderr).not.toContain('Aucune base embarquée');
  }, 60_000);
});
