import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { avecTableErreurs } from '../src/domain/errors.doc.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

// `npm run docs:erreurs`: writes the table of error codes into docs/api.md (between its markers)
// from the catalogue (src/domain/errors.catalogue.ts); `--check` only says whether the file is up
// to date (exit 1 when not).
const path = join(PROJECT_ROOT, 'docs', 'api.md');
const actuel = readFileSync(path, 'utf8');
const attendu = avecTableErreurs(actuel);
if (process.argv.includes('--check')) {
  if (actuel !== attendu) {
    process.stderr.write('docs/api.md n’est pas à jour : lancez « npm run docs:erreurs ».\n');
    process.exit(1);
  }
} else {
  writeFileSync(path, attendu);
  process.stderr.write('docs/api.md : table des codes d’erreur écrite.\n');
}
