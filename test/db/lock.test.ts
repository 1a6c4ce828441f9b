import * as fs from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { lockDataDir } from '../../src/db/lock.ts';

describe('embedded database folder lock', () => {
  it('refuses a second opening of the same folder with a French message, and frees it on close', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offre-lock-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/déjà ouverte/);
      await first.close();
      const again = await openDatabase({ dataDir: dir });
      await again.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a stale lock left by a dead process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'offre-lock-'));
    try {
      const { writeFileSync } = fs;
      writeFileSync(join(dir, 'offre.lock'), '999999'); // no such pid
      const release = lockDataDir(dir);
      release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
