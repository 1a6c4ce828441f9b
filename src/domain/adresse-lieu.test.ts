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

  // A fresh user's finding (07/12/2026): « PARIS CEDEX 08 » with 75008 was shown
  // « 75008 PARIS 8E ARRONDISSEMENT CEDEX 8 »: La Poste's line names the city, not the arrondissement.
  it('an arrondissement’s CEDEX line names its city', () => {
    expect(lignePostale({ code_postal: '75008', commune: 'Paris 8e Arrondissement', cedex: 'CEDEX 8' })).toBe(
      '75008 PARIS CEDEX 8',
    );
    expect(
      lignePostale({ code_postal: '75008', commune: 'Paris 8e Arrondissement CEDEX 8', cedex: null }),
    ).toBe('75008 PARIS CEDEX 8');
    expect(
      lignePostale({ code_postal: '69001', commune: 'Lyon 1er Arrondissement', cedex: 'Cedex 01' }),
    ).toBe('69001 LYON CEDEX 01');
    expect(lignePostale({ code_postal: '13008', commune: 'Marseille 8e Arrondissement', cedex: null })).toBe(
      '13008 Marseille 8e Arrondissement',
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
