import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentRegles } from '../src/domain/regles/regles.doc.ts';
import { PROJECT_ROOT } from '../src/paths.ts';

// `npm run docs:regles`: writes docs/regles.md from the REGLES table; `--check` only says whether
// the file is up to date (exit 1 when not).
const path = join(PROJECT_ROOT, 'docs', 'regles.md');
const attendu = documentRegles();
if (process.argv.includes('--check')) {
  const actuel = readFileSync(path, 'utf8');
  if (actuel !== attendu) {
    process.stderr.write('docs/regles.md n’est pas à jour : lancez « npm run docs:regles ».\n');
    process.exit(1);
  }
} else {
  writeFileSync(path, attendu);
  process.stderr.write(`docs/regles.md écrit (${attendu.split('\n').length} lignes).\n`);
}
