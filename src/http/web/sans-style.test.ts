import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The Content-Security-Policy (plugins/securite.plugin.ts, style-src 'self') refuses inline
// styles: a `style` attribute written in a page is ignored by the browser. DSFR classes instead.
const WEB = fileURLToPath(new URL('.', import.meta.url));

function* pages(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* pages(p);
    else if (e.name.endsWith('.tsx')) yield p;
  }
}

describe('pages', () => {
  it('write no inline `style` attribute (the CSP refuses it)', () => {
    const styles: string[] = [];
    for (const file of pages(WEB))
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((ligne, i) => {
          if (/\sstyle=/.test(ligne)) styles.push(`${relative(WEB, file)}:${i + 1}: ${ligne.trim()}`);
        });
    expect(styles).toEqual([]);
  });
});
