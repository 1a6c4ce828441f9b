import { describe, expect, it } from 'vitest';
import { accord, pluriel } from './pluriel.ts';

describe('pluriel', () => {
  it('writes 0 and 1 in the singular, 2 and more in the plural, with the count in French', () => {
    expect(pluriel(0, 'session à créer', 'sessions à créer')).toBe('0 session à créer');
    expect(pluriel(1, 'session à créer', 'sessions à créer')).toBe('1 session à créer');
    expect(pluriel(2, 'session à créer', 'sessions à créer')).toBe('2 sessions à créer');
    expect(pluriel(1000, 'ligne', 'lignes')).toBe('1\u202f000 lignes');
  });

  it('keeps the singular below 2, as French does for fractions', () => {
    expect(accord(1.5, 'heure', 'heures')).toBe('heure');
    expect(accord(2, 'heure', 'heures')).toBe('heures');
  });
});
