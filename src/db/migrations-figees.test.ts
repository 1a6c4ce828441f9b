import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// A published migration never changes (CONTRIBUTING.md « Migrations »): neither its text nor what
// it does. Importing live code (domain, services, referentiels) would let a later change of that
// code change what an old migration does: a migration imports Kysely and earlier migrations only.

const DOSSIER = new URL('./migrations/', import.meta.url);

/** Migrations written before this rule, still importing live code (to freeze when touched). */
const ANCIENNES = new Set(['0671_organisme_inconnu.ts', '0850_commune_population.ts']);

describe('migrations are frozen', () => {
  it('import nothing but Kysely and earlier migrations (no live code)', () => {
    const vivantes = readdirSync(DOSSIER)
      .filter((f) => /^\d{4}_.*\.ts$/.test(f) && !ANCIENNES.has(f))
      .flatMap((f) =>
        [...readFileSync(new URL(f, DOSSIER), 'utf8').matchAll(/^import .* from '([^']+)';$/gm)]
          .map((m) => m[1]!)
          .filter((de) => de !== 'kysely' && !/^\.\/\d{4}_[\w-]+\.ts$/.test(de))
          .map((de) => `${f} → ${de}`),
      );
    expect(vivantes).toEqual([]);
  });
});
