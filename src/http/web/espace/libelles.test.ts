import { describe, expect, it } from 'vitest';
import { deAuteurs } from './libelles.ts';

describe('deAuteurs', () => {
  it('names an acteur once, whatever the ways it wrote the revision', () => {
    expect(
      deAuteurs([
        { acteur: 'utilisateur:cfa@laval.example', origine: 'lheo' },
        { acteur: 'utilisateur:cfa@laval.example', origine: null },
      ]),
    ).toBe('de cfa@laval.example (en partie via un import LHEO)');
  });
  it('keeps each acteur, in order', () => {
    expect(
      deAuteurs([
        { acteur: 'utilisateur:a@cfa.example', origine: null },
        { acteur: 'cle:SI du CFA', origine: null },
      ]),
    ).toBe('de a@cfa.example et via l’API (clé « SI du CFA »)');
  });
});
