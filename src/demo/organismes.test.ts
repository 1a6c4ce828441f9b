import { describe, expect, it } from 'vitest';
import { generateOrganismes } from './organismes.ts';

// A fresh user's pass (07/12): « École supérieure de commerce de Antony », « Campus des métiers de
// Issy-les-Moulineaux ». The demo's names elide « de » before a vowel (domain/elision.ts de).
describe('demo organismes’ names', () => {
  const noms = generateOrganismes(42, 400).map((o) => o.raison_sociale);

  it('elide « de » before a town starting with a vowel', () => {
    expect(noms.filter((n) => /\bde [AEIOUYÉÈÊÎÔ]/.test(n))).toEqual([]);
    expect(noms.some((n) => /\bd’[AEIOUYÉÈÊÎÔ]/.test(n))).toBe(true);
  });
});
