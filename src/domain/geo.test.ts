import { describe, expect, it } from 'vitest';
import { nomRegion, nomRegionAvecCode } from './geo.ts';

// The one way a région code is said on every page, message and e-mail.
describe('a région’s name', () => {
  it('is its name, or the code itself when it is no région', () => {
    expect(nomRegion('53')).toBe('Bretagne');
    expect(nomRegion('93')).toBe('Provence-Alpes-Côte d’Azur');
    expect(nomRegion('99')).toBe('99');
  });
  it('with its code: « Bretagne (53) », the code alone when it is no région', () => {
    expect(nomRegionAvecCode('53')).toBe('Bretagne (53)');
    expect(nomRegionAvecCode('99')).toBe('99');
  });
});
