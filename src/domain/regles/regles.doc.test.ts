import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../paths.ts';
import { documentRegles } from './regles.doc.ts';
import { AIDE_REGLES } from './regles.help.ts';
import { REGLES } from './regles.ts';

describe('docs/regles.md', () => {
  it('is exactly what the REGLES table generates (npm run docs:regles)', () => {
    const fichier = readFileSync(join(PROJECT_ROOT, 'docs', 'regles.md'), 'utf8');
    expect(fichier, 'docs/regles.md est périmé : lancez « npm run docs:regles »').toBe(documentRegles());
  });

  it('lists every rule of the table once, with its severity', () => {
    const doc = documentRegles();
    for (const r of REGLES) {
      const lignes = doc.split('\n').filter((l) => l.startsWith(`| \`${r.code}\` |`));
      expect(lignes, r.code).toHaveLength(1);
      expect(lignes[0]).toContain(`| ${r.severite}${r.portee === 'session' ? ' (session)' : ''} |`);
    }
  });

  it('documents no rule that the table does not hold', () => {
    const codes = new Set(REGLES.map((r) => r.code));
    expect(Object.keys(AIDE_REGLES).filter((c) => !codes.has(c))).toEqual([]);
  });
});
