import { describe, expect, it } from 'vitest';
import { pourquoiDuNom } from './lieu-retenu.ts';

describe('pourquoiDuNom', () => {
  it('tells homonyms of the exact name, the only one of it, and a name that starts with it', () => {
    expect(pourquoiDuNom('saint denis', [{ nom: 'Saint-Denis' }, { nom: 'Saint-Denis' }])).toBe('homonymes');
    expect(pourquoiDuNom('vienne', [{ nom: 'Vienne' }, { nom: 'Vienne-en-Arthies' }])).toBe('seule');
    expect(pourquoiDuNom('nantes', [{ nom: 'Nantes' }])).toBe('seule');
    expect(pourquoiDuNom('lhay les roses', [{ nom: 'L’Haÿ-les-Roses' }])).toBe('seule');
    expect(pourquoiDuNom('evry', [{ nom: 'Évry-Courcouronnes' }, { nom: 'Évry' }])).toBe('debut_du_nom');
    expect(pourquoiDuNom('ancenis', [{ nom: 'Ancenis-Saint-Géréon' }])).toBe('debut_du_nom');
  });
});
