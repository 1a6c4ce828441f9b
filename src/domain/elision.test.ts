import { describe, expect, it } from 'vitest';
import { de } from './elision.ts';

describe('« de » before a name (elision)', () => {
  it('elides before a vowel, accented or capital', () => {
    expect(de('Éole Formation')).toBe('d’Éole Formation');
    expect(de('AFPA')).toBe('d’AFPA');
    expect(de('institut Lumière')).toBe('d’institut Lumière');
    expect(de('Œuvre des apprentis')).toBe('d’Œuvre des apprentis');
    expect(de(' Yvelines Formation ')).toBe('d’Yvelines Formation');
  });

  it('keeps « de » before a consonant, an h (mute or not) or a digit', () => {
    expect(de('CFA Exemple')).toBe('de CFA Exemple');
    expect(de('Hôtellerie Formation')).toBe('de Hôtellerie Formation');
    expect(de('3IL Ingénieurs')).toBe('de 3IL Ingénieurs');
  });
});
