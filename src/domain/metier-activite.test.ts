import { describe, expect, it } from 'vitest';
import { activitesDuMetier } from './metier-activite.ts';

describe('the activity words of a trade typed', () => {
  it.each([
    ['cuisinier', 'cuisine'],
    ['cuisiniere', 'cuisine'],
    ['patissier', 'patisserie'],
    ['hotelier', 'hotellerie'],
    ['jardinier', 'jardinage'],
    ['boulanger', 'boulangerie'],
    ['boulangere', 'boulangerie'],
    ['boucher', 'boucherie'],
    ['coiffeur', 'coiffure'],
    ['coiffeuse', 'coiffure'],
    ['soudeur', 'soudure'],
    ['mecanicien', 'mecanique'],
    ['electricien', 'electricite'],
    ['estheticienne', 'esthetique'],
  ])('« %s » → %s', (metier, activite) => {
    expect(activitesDuMetier(metier)).toContain(activite);
  });

  it('widens no word that is not a trade by its ending, nor too short a stem', () => {
    for (const m of [
      'cuisine',
      'cuir',
      'coiffure',
      'boulangerie',
      'cap',
      'bts',
      'plier',
      'mer',
      'vente',
      'commerce',
      'auto',
    ])
      expect(activitesDuMetier(m), m).toEqual([]);
  });

  it('keeps to the activity suffixes of its own: a driver (chauffeur) is no heating (chauffage)', () => {
    expect(activitesDuMetier('chauffeur')).toEqual(['chauffure', 'chauffures']);
    expect(activitesDuMetier('cuisinier')).not.toContain('cuir');
    expect(activitesDuMetier('cuisinier').every((m) => m.startsWith('cuisin'))).toBe(true);
  });
});
