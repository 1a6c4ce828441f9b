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

describe('« de » before a name starting with an article (contraction)', () => {
  it('contracts « de le » into « du » and « de les » into « des »', () => {
    expect(de('Le Mans')).toBe('du Mans');
    expect(de('Les Sables-d’Olonne')).toBe('des Sables-d’Olonne');
    expect(de("Les Sables-d'Olonne")).toBe("des Sables-d'Olonne");
    expect(de('Le Cnam')).toBe('du Cnam');
    expect(de(' le Havre ')).toBe('du Havre');
  });

  it('keeps « de La », « de L’ » and a name that only starts like an article', () => {
    expect(de('La Rochelle')).toBe('de La Rochelle');
    expect(de('L’Île-Saint-Denis')).toBe('de L’Île-Saint-Denis');
    expect(de('Leclerc Formation')).toBe('de Leclerc Formation');
    expect(de('Lesneven')).toBe('de Lesneven');
    expect(de('Le')).toBe('de Le');
  });
});
