import { describe, expect, it } from 'vitest';
import { deCommune } from './libelles.ts';

describe('deCommune', () => {
  it.each([
    ['Nantes', 'de Nantes'],
    ['Alleuze', 'd’Alleuze'],
    ['Ancenis-Saint-Géréon', 'd’Ancenis-Saint-Géréon'],
    ['Évry-Courcouronnes', 'd’Évry-Courcouronnes'],
    ['Le Mans', 'du Mans'],
    ['Les Sables-d’Olonne', 'des Sables-d’Olonne'],
    ['La Rochelle', 'de La Rochelle'],
    ['Hyères', 'de Hyères'],
  ])('%s → %s', (nom, attendu) => expect(deCommune(nom)).toBe(attendu));
});
