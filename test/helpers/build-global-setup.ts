import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pgliteTemplate } from './pglite-template.ts';

// Tests that spawn bin/offre.js (browser, pipes, reference extracts) run the compiled build when it
// matches the sources: rebuild it first when the sources changed since (about a second), so that
// they test what production runs. bin/offre.js would fall back to the sources anyway: never stale.
// Also makes the PGlite templates once, before the workers start (pglite-template.ts).
export default async function setup() {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../bin/build.js', import.meta.url))], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await pgliteTemplate('migree');
  await pgliteTemplate('demarree');
}
