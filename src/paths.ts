import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder (where package.json is), found from this module's own place, so
 * that it is the same whether the code runs from src/ (tsx, tests) or from the build in dist/.
 */
export const PROJECT_ROOT = (() => {
  for (let d = dirname(fileURLToPath(import.meta.url)); ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json'))) return d;
    if (dirname(d) === d) throw new Error('package.json introuvable au-dessus de ce module.');
  }
})();

/** `../shared/reference` next to the project: the real official extracts (tests, bench, lheo validate). */
export const SHARED_REFERENCE = join(PROJECT_ROOT, '..', 'shared', 'reference');

/**
 * Where the tests find the real extracts: OFFRE_REFERENCE, else `shared/reference` beside the
 * project or beside the folder of its work trees (`wt/<branche>`); undefined when absent (the
 * tests that need them are skipped, saying so).
 */
export function referenceOfficielle(): string | undefined {
  return [
    process.env.OFFRE_REFERENCE,
    SHARED_REFERENCE,
    join(PROJECT_ROOT, '..', '..', 'shared', 'reference'),
  ].find((d) => d && existsSync(join(d, 'bcn', 'N_FORMATION_DIPLOME.csv')));
}

/** The version in package.json (`offre --version`). */
export function offreVersion(): string {
  return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string })
    .version;
}
