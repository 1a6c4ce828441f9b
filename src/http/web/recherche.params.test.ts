import { describe, expect, it } from 'vitest';
import { readEtat } from './recherche.params.ts';

describe('the public search page’s département filter', () => {
  it('reads 2a and 2b as Corsica’s 2A and 2B, as the API does', () => {
    expect(readEtat({ departement: '2a' }).facettes.departement).toBe('2A');
    expect(readEtat({ departement: ' 2b ' }).facettes.departement).toBe('2B');
    expect(readEtat({ departement: '44' }).facettes.departement).toBe('44');
  });

  it('does not filter on a département that does not exist, and keeps it, as typed, to say so', () => {
    for (const d of ['999', '20', '2c', ''])
      expect(readEtat({ departement: d }).facettes.departement, d).toBeUndefined();
    expect(readEtat({ departement: ' 2c ' }).inconnus).toEqual({ departement: '2c' });
    expect(readEtat({ departement: '' }).inconnus).toBeUndefined();
    expect(readEtat({ departement: '2a' }).inconnus).toBeUndefined();
  });

  it('says an unknown région too, cut to 20 characters; a known one is no error', () => {
    expect(readEtat({ region: '99', departement: '44' }).inconnus).toEqual({ region: '99' });
    expect(readEtat({ region: '84' }).inconnus).toBeUndefined();
    expect(readEtat({ region: '<b>'.repeat(10) }).inconnus).toEqual({
      region: '<b>'.repeat(10).slice(0, 20),
    });
  });
});
