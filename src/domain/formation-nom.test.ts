import { describe, expect, it } from 'vitest';
import { nomFormation } from './formation-nom.ts';

// A user knows an offer by its intitulé and its reference (the file's key), never by Offre's
// internal id: messages name it that way.
describe('nomFormation', () => {
  it('names a formation by its intitulé and reference, never by its internal id', () => {
    expect(nomFormation({ id: 'f-8c1e', intitule: 'BTS MCO', cle_externe: 'MCO-27' })).toBe(
      'la formation « BTS MCO » (référence MCO-27)',
    );
    expect(nomFormation({ id: 'f-8c1e', intitule: ' BTS MCO ', cle_externe: null })).toBe(
      'la formation « BTS MCO »',
    );
    expect(nomFormation({ id: 'f-8c1e', intitule: '', cle_externe: 'MCO-27' })).toBe(
      'la formation de référence MCO-27',
    );
    expect(nomFormation({ id: 'f-8c1e', intitule: null, cle_externe: null })).toBe(
      'la formation sans intitulé ni référence',
    );
    expect(nomFormation({ id: 'f-8c1e', intitule: 'BTS MCO' }, true)).toBe('La formation « BTS MCO »');
  });
});
