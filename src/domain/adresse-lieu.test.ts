import { describe, expect, it } from 'vitest';
import { adresseLieu, lignePostale } from './adresse-lieu.ts';

// A fresh CFA user's finding (07/12/2026): « LAVAL CEDEX » in the « Cedex » field showed
// « BP 1234 53013 Laval LAVAL CEDEX » in the space and « BP 1234 53013 Laval » on the public page.
describe('a place’s address, one way everywhere', () => {
  it('with a cedex, La Poste’s CEDEX line replaces « code postal + commune »', () => {
    const lieu = { adresse: 'BP 1234', code_postal: '53013', commune: 'Laval', cedex: 'LAVAL CEDEX' };
    expect(lignePostale(lieu)).toBe('53013 LAVAL CEDEX');
    expect(adresseLieu(lieu)).toBe('BP 1234 53013 LAVAL CEDEX');
    expect(adresseLieu({ ...lieu, cedex: 'CEDEX 9' })).toBe('BP 1234 53013 LAVAL CEDEX 9');
    expect(adresseLieu({ ...lieu, cedex: 'Cedex 09' })).toBe('BP 1234 53013 LAVAL CEDEX 09');
  });

  it('without a cedex, « 53013 Laval »', () => {
    expect(adresseLieu({ adresse: 'BP 1234', code_postal: '53013', commune: 'Laval', cedex: null })).toBe(
      'BP 1234 53013 Laval',
    );
    expect(lignePostale({ code_postal: '53000', commune: 'Laval' })).toBe('53000 Laval');
  });

  it('the mention kept after the commune by a workbook import reads the same', () => {
    expect(lignePostale({ code_postal: '42007', commune: 'Saint-Étienne CEDEX 1', cedex: null })).toBe(
      '42007 SAINT-ETIENNE CEDEX 1',
    );
    expect(lignePostale({ code_postal: '42007', commune: 'Saint-Étienne CEDEX 1', cedex: 'CEDEX 1' })).toBe(
      '42007 SAINT-ETIENNE CEDEX 1',
    );
  });

  it('a « Cedex » field that is no CEDEX mention follows the commune as typed; nothing at all is empty', () => {
    expect(lignePostale({ code_postal: '53000', commune: 'Laval', cedex: 'TSA 12345' })).toBe(
      '53000 Laval TSA 12345',
    );
    expect(adresseLieu({})).toBe('');
    expect(adresseLieu(null)).toBe('');
    expect(lignePostale({ adresse: '1 rue X' })).toBeNull();
  });
});
