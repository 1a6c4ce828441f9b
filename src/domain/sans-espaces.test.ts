import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sansEspaces } from './identifiants.ts';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const HOME = 'domain/identifiants.ts';

// A `.replace` (or `.replaceAll`) of `\s` or `\s+`, global, by an empty string ('', "" or ``):
// the pattern is built from pieces so that this file does not match itself.
const BS = '\\\\';
const INLINE = new RegExp(`\\.replace(All)?\\(\\s*/${BS}s\\+?/g\\s*,\\s*(''|""|\`\`)\\s*\\)`);

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name)) yield p;
  }
}

describe('sansEspaces', () => {
  it('removes every blank, no-break spaces included, and passes null through', () => {
    expect(sansEspaces(' 130 025\t265 ')).toBe('130025265');
    expect(sansEspaces('69\u00a0001\u202f')).toBe('69001');
    expect(sansEspaces(null)).toBeUndefined();
    expect(sansEspaces(undefined)).toBeUndefined();
  });

  it('is the only blank-stripping in src/: no inline copy is left', () => {
    expect(INLINE.test(".replace(/\\s/g, '')")).toBe(true);
    expect(INLINE.test('.replace(/\\s+/g, "")')).toBe(true);
    const copies: string[] = [];
    for (const file of sources(SRC)) {
      const rel = relative(SRC, file).split('\\').join('/');
      if (rel === HOME) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (INLINE.test(line)) copies.push(`${rel}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(copies).toEqual([]);
  });
});
