#!/usr/bin/env node
// `npm run build` (and `prepare`, so that `npm install` builds): compiles the CLI and the server
// to JavaScript in dist/ with esbuild — one entry (and one per worker thread, see entrees), every
// lazily imported command in its own chunk, packages left to node_modules — so that `offre` starts
// without transpiling TypeScript.
// Written aside then swapped in, and stamped with the hash of its sources (bin/build-stamp.js).
import { randomBytes } from 'node:crypto';
import { readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { isBuildCurrent, sourceHash } from './build-stamp.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The build's entries: the CLI, and each worker thread's module (every file under src/ whose name
 * ends in `.worker.ts`, wherever it lies and whichever there are: a tree without one builds too),
 * named after its file so that the code starting it finds it next to itself in dist/
 * (`new URL('./<name>.worker.js', import.meta.url)`: every chunk lies at dist/'s top).
 */
export function entrees(dir = root) {
  const points = { main: 'src/cli/main.ts' };
  const chemins = readdirSync(join(dir, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.worker.ts'))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
  for (const chemin of chemins) {
    const nom = basename(chemin, '.ts');
    if (nom in points)
      throw new Error(`Deux fils d’exécution portent le nom ${nom} : ${points[nom]} et ${chemin}.`);
    // Relative and with ./: a bare path would be taken for a package (packages: 'external').
    points[nom] = `./${join('src', chemin.slice(join(dir, 'src').length + 1))}`;
  }
  return points;
}

/** Builds dist/ unless it is already current (`force` rebuilds anyway). Returns true if it built. */
export async function buildDist({ force = false } = {}) {
  if (!force && isBuildCurrent(root)) return false;
  const sources = sourceHash(root); // before compiling: an edit made meanwhile leaves the build stale
  const id = randomBytes(4).toString('hex');
  const tmp = join(root, `dist.tmp-${id}`);
  await build({
    absWorkingDir: root,
    // The worker threads (src/formats/isolation.ts's, src/formats/lheo/lheo.fil.ts's) are their own
    // entries, next to the chunks that start them.
    entryPoints: entrees(root),
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'warning',
  });
  writeFileSync(
    join(tmp, 'build.json'),
    `${JSON.stringify({ sources, built_at: new Date().toISOString() })}\n`,
  );
  // Swap: a build running at the same time may have moved or replaced dist/ meanwhile; either
  // result is a complete build of the same sources.
  const old = join(root, `dist.old-${id}`);
  try {
    renameSync(join(root, 'dist'), old);
  } catch (e) {
    if (e.code !== 'ENOENT') throw e;
  }
  try {
    renameSync(tmp, join(root, 'dist'));
  } catch (e) {
    if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
  }
  rmSync(old, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const built = await buildDist({ force: process.argv.includes('--force') });
  process.stderr.write(
    built ? `Offre compilé dans dist/ (${Date.now() - started} ms).\n` : 'dist/ est déjà à jour.\n',
  );
}
