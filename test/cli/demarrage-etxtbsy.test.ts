import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../helpers/db.ts';

// A fresh user's report: the first `npm start` after `npm install`, on a loaded machine, died once
// with a raw stack trace, `Error [TransformError]: spawn ETXTBSY` — tsx could not run esbuild's
// binary, a file still open for writing. The failure is produced here for real: a copy of the
// esbuild binary held open for writing by this process (ESBUILD_BINARY_PATH, read by esbuild's
// own API), and bin/offre.js run on sources without a build (through tsx, as an unbuilt or edited
// checkout starts). No database: run once (the pglite project).
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(TEST_ENGINE !== 'pglite' || process.platform !== 'linux')(
  'bin/offre.js when esbuild cannot be run (spawn ETXTBSY)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'offre-etxtbsy-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
    for (const f of readdirSync(join(ROOT, 'bin')).filter((f) => f.endsWith('.js')))
      copyFileSync(join(ROOT, 'bin', f), join(dir, 'bin', f));
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    // New contents each run: tsx's disk cache cannot spare the transform (and the spawn).
    writeFileSync(
      join(dir, 'src', 'cli', 'main.ts'),
      `export async function main(args: string[]): Promise<void> { const n: string = '${randomBytes(8).toString('hex')}'; process.stdout.write('lancé ' + n + args.join(' ')); }\n`,
    );
    const binaire = join(dir, 'esbuild-en-ecriture');
    const esbuild = createRequire(join(ROOT, 'node_modules', 'esbuild', 'package.json'));
    copyFileSync(esbuild.resolve(`@esbuild/linux-${process.arch}/bin/esbuild`), binaire);

    it('prints a French message, no stack trace, and exits with status 1', () => {
      const fd = openSync(binaire, 'r+'); // open for writing: executing it is ETXTBSY
      try {
        const r = spawnSync(process.execPath, [join(dir, 'bin', 'offre.js'), 'serve'], {
          encoding: 'utf8',
          env: { ...process.env, ESBUILD_BINARY_PATH: binaire, OFFRE_DEBUG: '' },
          timeout: 60_000,
        });
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain('Offre n’a pas pu démarrer');
        expect(r.stderr).toContain('ETXTBSY');
        expect(r.stderr).toContain('relancez npm start');
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(r.stderr).not.toContain('TransformError');
        expect(r.status).toBe(1);
      } finally {
        closeSync(fd);
      }
    });

    it('starts once the binary is no longer being written', () => {
      const r = spawnSync(process.execPath, [join(dir, 'bin', 'offre.js'), 'x'], {
        encoding: 'utf8',
        env: { ...process.env, ESBUILD_BINARY_PATH: binaire },
        timeout: 60_000,
      });
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^lancé [0-9a-f]{16}x$/);
      expect(r.status).toBe(0);
    });
  },
);
