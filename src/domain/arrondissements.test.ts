import { describe, expect, it } from 'vitest';
import { arrondissementTape } from './arrondissements.ts';

describe('arrondissementTape', () => {
  it.each([
    ['paris 15', 'paris 15e arrondissement'],
    ['paris 15e', 'paris 15e arrondissement'],
    ['paris 15eme', 'paris 15e arrondissement'],
    ['paris 15 eme arrondissement', 'paris 15e arrondissement'],
    ['paris 15e arr', 'paris 15e arrondissement'],
    ['paris15', 'paris 15e arrondissement'],
    ['paris xve', 'paris 15e arrondissement'],
    ['paris xv', 'paris 15e arrondissement'],
    ['paris xieme', 'paris 11e arrondissement'],
    ['paris 1', 'paris 1er arrondissement'],
    ['paris 1er', 'paris 1er arrondissement'],
    ['paris ier', 'paris 1er arrondissement'],
    ['paris 01', 'paris 1er arrondissement'],
    ['paris xx', 'paris 20e arrondissement'],
    ['lyon 3', 'lyon 3e arrondissement'],
    ['lyon ix', 'lyon 9e arrondissement'],
    ['marseille 16', 'marseille 16e arrondissement'],
  ])('%s → %s', (tape, nom) => expect(arrondissementTape(tape)).toBe(nom));

  it.each([
    ['paris'],
    ['lyon 12'],
    ['paris 21'],
    ['paris 0'],
    ['marseille 17'],
    ['nantes 3'],
    ['paris xxx'],
    ['paris vv'],
    ['paris 15 rue x'],
  ])('%s is no arrondissement', (tape) => expect(arrondissementTape(tape)).toBeNull());
});
