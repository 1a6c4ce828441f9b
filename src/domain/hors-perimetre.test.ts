import { describe, expect, it } from 'vitest';
import { messageHorsPerimetre } from './hors-perimetre.ts';
import { enumeration } from './pluriel.ts';

describe('messageHorsPerimetre', () => {
  it('names the formation’s région and the gestionnaire’s, nothing else', () => {
    expect(messageHorsPerimetre(['53'], ['32'])).toBe(
      'Cette formation relève de la région Bretagne : elle est hors de votre périmètre (Hauts-de-France).',
    );
  });
  it('several régions, a title when the offer is readable, no région at all', () => {
    expect(messageHorsPerimetre(['84', '53', '53'], ['32', '28'], 'BTS Cuisine')).toBe(
      'La formation « BTS Cuisine » relève des régions Auvergne-Rhône-Alpes et Bretagne : elle est hors de votre périmètre (Hauts-de-France et Normandie).',
    );
    expect(messageHorsPerimetre([], ['11'], null)).toBe(
      'Cette formation sans intitulé n’a de session dans aucune région : elle est hors de votre périmètre (Île-de-France).',
    );
  });
  it('enumerates in French', () => {
    expect([enumeration([]), enumeration(['a']), enumeration(['a', 'b', 'c'])]).toEqual([
      '',
      'a',
      'a, b et c',
    ]);
  });
});
