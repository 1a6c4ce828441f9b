import { describe, expect, it } from 'vitest';
import { regionNommee } from './region-nommee.ts';

describe('a région typed in « Où ? »', () => {
  it.each([
    ['Île-de-France', '11'],
    ['Ile-de-France', '11'],
    ['ile de france', '11'],
    ['IDF', '11'],
    ['Auvergne-Rhône-Alpes', '84'],
    ['auvergne rhone alpes', '84'],
    ['Bretagne', '53'],
    ['Région Bretagne', '53'],
    ['PACA', '93'],
    ['Provence-Alpes-Côte d’Azur', '93'],
    ["Provence-Alpes-Cote d'Azur", '93'],
    ['Centre-Val de Loire', '24'],
    ['Pays de la Loire', '52'],
    ['Pays de Loire', '52'],
    ['Hauts-de-France', '32'],
    ['Grand Est', '44'],
    ['grand-est', '44'],
    ['Nouvelle Aquitaine', '75'],
    ['Occitanie', '76'],
    ['Normandie', '28'],
    ['Bourgogne-Franche-Comté', '27'],
    ['Corse', '94'],
  ])('« %s » is the région %s', (texte, code) => {
    expect(regionNommee(texte)).toBe(code);
  });

  it('reads no commune, département nor part of a name as a région', () => {
    for (const t of [
      'Nantes',
      'Rhône',
      'Loire',
      'Guadeloupe',
      'La Réunion',
      'France',
      'Bretagne 35',
      'Fort-de-France',
      'Auvergne',
      '',
    ])
      expect(regionNommee(t), t).toBeNull();
  });
});
