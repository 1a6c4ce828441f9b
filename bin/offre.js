#!/usr/bin/env node
// Entry point of the `offre` command. Runs the compiled build (dist/, made by `npm install`
// through the `prepare` script, or `npm run build`) when it was built from the sources as they
// are now; otherwise — no build yet, or sources edited since — runs the TypeScript sources
// through tsx, slower to start but never stale. OFFRE_DEBUG maps stack traces to the sources.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isBuildCurrent } from './build-stamp.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.OFFRE_DEBUG) process.setSourceMapsEnabled(true);
let main;
if (isBuildCurrent(root)) ({ main } = await import('../dist/main.js'));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv.slice(2));
