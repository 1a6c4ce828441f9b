import { describe, expect, it } from 'vitest';
import { readEtat } from './recherche.params.ts';

describe('the public search page’s département filter', () => {
  it('reads 2a and 2b as Corsica’s 2A and 2B, as the API does', () => {
    expect(readEtat({ departement: '2a' }).facettes.departement).toBe('2A');
    expect(readEtat({ departement: ' 2b ' }).facettes.departement).toBe('2B');
    expect(readEtat({ departement: '44' }).facettes.departement).toBe('44');
  });

  it('ignores a département that does not exist (docs/recherche.md)', () => {
    for (const d of ['999', '20', '2c', ''])
      expect(readEtat({ departement: d }).facettes.departement, d).toBeUndefined();
  });
});
