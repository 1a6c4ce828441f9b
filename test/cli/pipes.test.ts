import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// `offre … | head`: the reader closes the pipe after the first lines. The command must stop
// quietly with status 0 (issue 11.20). A real pipe needs a real process: bin/offre.js.
const BIN = new URL('../../bin/offre.js', import.meta.url).pathname;

/** Runs `offre <args>`, reads its stdout until `bytes` have come, then closes the pipe. */
function headOf(args: string[], env: NodeJS.ProcessEnv, bytes = 4096) {
  return new Promise<{ code: number | null; stderr: string; read: number }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let read = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      read += d.length;
      if (read >= bytes) child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.once('exit', (code) => resolve({ code, stderr, read }));
  });
}

describe.skipIf(TEST_ENGINE !== 'pglite')('offre writing into a closed pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offre-pipe-'));
  const env = { ...process.env, OFFRE_DATA_DIR: dir, DATABASE_URL: '' };
  beforeAll(async () => {
    await seedDataDir(dir);
    // Enough formations for far more output than a pipe holds (64 KB), so the writer must hit EPIPE.
    const r = await runCli(['demo', '--formations', '300', '--json'], {
      OFFRE_DATA_DIR: dir,
      DATABASE_URL: '',
    });
    expect(r.code, r.stderr).toBe(0);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([[['check', '--json']], [['export', 'csv']], [['export', 'lheo']]])(
    'offre %j | head: status 0, nothing on stderr but its own lines',
    async (args) => {
      const r = await headOf(args, env);
      expect(r.read).toBeGreaterThanOrEqual(4096);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(/Erreur|EPIPE|at .*\.(ts|js):\d+|node:internal/);
    },
    120_000,
  );
});
