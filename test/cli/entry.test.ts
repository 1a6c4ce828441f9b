import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ENGINE } from '../helpers/db.ts';

// bin/offre.js runs the compiled build only when it was built from the sources as they are now,
// otherwise the TypeScript sources: shown on a small project laid out like this one, with the real
// bin/ scripts and node_modules, whose main() says which of the two it is.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(TEST_ENGINE !== 'pglite')(
  'bin/offre.js: the build, or the sources, never a stale build',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'offre-entry-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
    // A worker thread's module, deep in src/ (as src/formats/lheo/lheo.worker.ts): the build makes
    // it an entry of its own, dist/echo.worker.js, that the built code starts next to itself.
    mkdirSync(join(dir, 'src', 'outils', 'fils'), { recursive: true });
    writeFileSync(
      join(dir, 'src', 'outils', 'fils', 'echo.worker.ts'),
      "import { parentPort } from 'node:worker_threads';\nparentPort?.postMessage('fil');\n",
    );
    for (const f of ['offre.js', 'demarrage-impossible.js', 'build.js', 'build-stamp.js'])
      copyFileSync(join(ROOT, 'bin', f), join(dir, 'bin', f));
    copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const main = join(dir, 'src', 'cli', 'main.ts');
    writeFileSync(
      main,
      [
        "import { Worker } from 'node:worker_threads';",
        'export async function main(args: string[]): Promise<void> {',
        "  const built = import.meta.url.includes('/dist/');",
        "  process.stdout.write((built ? 'build ' : 'sources ') + args.join(' '));",
        "  if (!built || !args.includes('fil')) return;",
        "  const w = new Worker(new URL('./echo.worker.js', import.meta.url));",
        "  process.stdout.write(' ' + (await new Promise((ok) => w.once('message', ok))));",
        '  await w.terminate();',
        '}',
        '',
      ].join('\n'),
    );
    const offre = (arg = 'x') =>
      execFileSync(process.execPath, [join(dir, 'bin', 'offre.js'), arg], { encoding: 'utf8' });
    const build = () => execFileSync(process.execPath, [join(dir, 'bin', 'build.js')], { encoding: 'utf8' });

    it('runs the sources before any build, the build once made', () => {
      expect(offre()).toBe('sources x');
      build();
      expect(offre()).toBe('build x');
    }, 60_000);

    it('runs the sources again as soon as one of them changes, until the next build', () => {
      appendFileSync(main, '// edited\n');
      expect(offre()).toBe('sources x');
      build();
      expect(offre()).toBe('build x');
      writeFileSync(join(dir, 'src', 'nouveau.ts'), 'export const n = 1;\n');
      expect(offre()).toBe('sources x');
    }, 60_000);

    it('runs the sources when the build is incomplete (no stamp)', () => {
      build();
      rmSync(join(dir, 'dist', 'build.json'));
      expect(offre()).toBe('sources x');
    }, 60_000);

    it('builds each worker thread of the tree (*.worker.ts) as its own entry, which the build starts', () => {
      build();
      expect(offre('fil')).toBe('build fil fil');
    }, 60_000);
  },
);
