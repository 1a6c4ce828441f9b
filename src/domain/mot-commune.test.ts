import { describe, expect, it } from 'vitest';
import { communeDuMot, sansMot } from './mot-commune.ts';

describe('communeDuMot', () => {
  it('offers the commune a word typed without accents or as written may name, not the trade', () => {
    expect(communeDuMot('macon', ['Mâcon'])).toBe('Mâcon');
    expect(communeDuMot('mâcon', ['Mâcon'])).toBe('Mâcon');
    expect(communeDuMot('maçon', ['Mâcon'])).toBeNull();
    expect(communeDuMot('boulanger', [])).toBeNull();
  });
});

describe('sansMot', () => {
  it.each([
    ['macon', 'macon', ''],
    ['Mâcon', 'macon', ''],
    ['commerce Mâcon', 'macon', 'commerce'],
    ['École supérieure de commerce de Mâcon', 'macon', 'École supérieure de commerce'],
    ['boulanger à Nantes', 'nantes', 'boulanger'],
    ['boulanger a nantes', 'nantes', 'boulanger'],
    ['CAP boulanger près d’Angers', 'angers', 'CAP boulanger'],
    ['boulanger, Nantes', 'nantes', 'boulanger'],
    ['Nantes boulanger', 'nantes', 'boulanger'],
    ['vendeur laval vendeur', 'laval', 'vendeur vendeur'],
  ])('« %s » without %s is « %s »', (q, mot, attendu) => {
    expect(sansMot(q, mot)).toBe(attendu);
  });
});
