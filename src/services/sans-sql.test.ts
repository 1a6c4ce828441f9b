import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Services call repositories (src/db/*.repository.ts), not SQL (CONTRIBUTING.md): no query
// builder nor `sql` template in src/services, with no exception.
const SERVICES = fileURLToPath(new URL('.', import.meta.url));

function* sources(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* sources(p);
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) yield p;
  }
}

describe('services', () => {
  it('send no SQL of their own (query builder, sql template): the repositories do', () => {
    const requetes: string[] = [];
    for (const file of sources(SERVICES)) {
      const nom = relative(SERVICES, file).split('\\').join('/');
      const lignes = readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((ligne, i) =>
          /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/.test(ligne) ? [`${nom}:${i + 1}`] : [],
        );
      requetes.push(...lignes);
    }
    expect(requetes).toEqual([]);
  });
});
