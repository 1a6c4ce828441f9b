import { describe, expect, it } from 'vitest';
import { chercheCommeDebut, graphiesTapees, pasLeLieu, sorteCorrection } from './recherche.ts';

// What a correction of the search is (docs/recherche.md « Des fautes de frappe »), and when a word
// that names a commune is not that place (« Un mot qui est aussi une commune »).

describe('sorteCorrection', () => {
  it.each([
    ['boulanjer', 'boulanger', 'faute'],
    ['boulangr', 'boulanger', 'faute'],
    ['coiffeuse', 'coiffure', 'faute'],
    ['vendeuse', 'vendeur', 'faute'],
    ['managment', 'management', 'faute'],
    ['maconnerie', 'macon', 'derive'],
    ['comptable', 'comptabilite', 'derive'],
    ['serveur', 'services', 'autre'],
    ['ecosystemes', 'systemes', 'autre'],
  ] as const)('%s → %s: %s', (tape, indexe, sorte) => {
    expect(sorteCorrection(tape, indexe)).toBe(sorte);
  });
});

describe('pasLeLieu', () => {
  it('is a word typed with other accents than the commune', () => {
    expect(pasLeLieu('maçon', ['Mâcon'])).toBe(true);
    expect(pasLeLieu('mâcon', ['Mâcon'])).toBe(false);
    expect(pasLeLieu('macon', ['Mâcon'])).toBe(false);
    expect(pasLeLieu('maçon', [])).toBe(false);
  });

  it('reads the typed words by their normalised form', () => {
    expect(graphiesTapees('CAP Maçon à Mâcon')).toEqual(
      new Map([
        ['cap', 'cap'],
        ['macon', 'maçon'],
        ['a', 'à'],
      ]),
    );
  });
});

describe('chercheCommeDebut', () => {
  it('searches an unknown word as a beginning only when a listed word starts with it', () => {
    // « auto »: automobile is listed; not corrected.
    expect(chercheCommeDebut('auto', false, { connu: false, prefixe: true })).toEqual({
      debut: true,
      sansCorrection: true,
    });
    // « deas » (DEAS): nothing starts with it; its stem « de » would match every « dé… » word.
    expect(chercheCommeDebut('deas', true, { connu: false, prefixe: false })).toEqual({
      debut: false,
      sansCorrection: false,
    });
    // A listed word stays itself; a short word in the middle is no beginning.
    expect(chercheCommeDebut('commerce', false, { connu: true, prefixe: true }).debut).toBe(false);
    expect(chercheCommeDebut('cap', false, { connu: false, prefixe: true }).debut).toBe(false);
    expect(chercheCommeDebut('cap', true, { connu: false, prefixe: true }).debut).toBe(true);
  });
});
