import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

// Worker threads of Offre: each runs one entry module, compiled next to the bundle in dist/
// (bin/build.js lists the entries), or the TypeScript source through tsx when the sources run as
// they are (tests, bench, `offre` unbuilt).

const surSources = import.meta.url.endsWith('.ts');

/**
 * Starts a worker thread on `entree`, the URL of a `.ts` entry module next to its caller
 * (`new URL('./x.worker.ts', import.meta.url)`); from dist/, its compiled `.js` twin.
 */
export function startWorker(entree: URL, options: WorkerOptions = {}): Worker {
  if (!surSources) return new Worker(new URL(entree.href.replace(/\.ts$/, '.js')), options);
  // tsx's ESM build of its API (require.resolve gives the CommonJS one, next to it).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entree.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
