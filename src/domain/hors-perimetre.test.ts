import { describe, expect, it } from 'vitest';
import {
  messageClasseurHorsPerimetre,
  messageCleHorsPerimetre,
  messageHorsPerimetre,
} from './hors-perimetre.ts';
import { enumeration } from './pluriel.ts';

describe('messageHorsPerimetre', () => {
  it('names the formation’s région and the gestionnaire’s, nothing else', () => {
    expect(messageHorsPerimetre(['53'], ['32'])).toBe(
      'Cette formation relève de la région Bretagne : elle est hors de votre périmètre (Hauts-de-France).',
    );
  });
  it('several régions, a title when the offer is readable, no région at all', () => {
    expect(messageHorsPerimetre(['84', '53', '53'], ['32', '28'], 'BTS Cuisine')).toBe(
      'La formation « BTS Cuisine » relève des régions Auvergne-Rhône-Alpes et Bretagne : elle est hors de votre périmètre (Hauts-de-France et Normandie).',
    );
    expect(messageHorsPerimetre([], ['11'], null)).toBe(
      'Cette formation sans intitulé n’a de session dans aucune région : elle est hors de votre périmètre (Île-de-France).',
    );
  });
  it('enumerates in French', () => {
    expect([enumeration([]), enumeration(['a']), enumeration(['a', 'b', 'c'])]).toEqual([
      '',
      'a',
      'a, b et c',
    ]);
  });
});

describe('messageClasseurHorsPerimetre', () => {
  it('names the organisme, the régions of its offer and the gestionnaire’s', () => {
    expect(messageClasseurHorsPerimetre('93191000400049', ['52'], ['53'])).toBe(
      'L’offre de l’organisme 93191000400049 relève de la région Pays de la Loire : son classeur est hors de votre périmètre (Bretagne).',
    );
    expect(messageClasseurHorsPerimetre('93191000400049', ['84', '52'], ['53', '11'])).toBe(
      'L’offre de l’organisme 93191000400049 relève des régions Auvergne-Rhône-Alpes et Pays de la Loire : son classeur est hors de votre périmètre (Bretagne et Île-de-France).',
    );
    expect(messageClasseurHorsPerimetre('93191000400049', [], ['53'])).toBe(
      'L’organisme 93191000400049 n’a d’offre dans aucune région : son classeur est hors de votre périmètre (Bretagne).',
    );
  });
});

describe('messageCleHorsPerimetre', () => {
  it('names the numero, the régions and the gestionnaire’s, never an id nor a title', () => {
    expect(messageCleHorsPerimetre('F-2', ['53'], ['32'])).toBe(
      'La formation de numéro « F-2 » relève de la région Bretagne, hors de votre périmètre (Hauts-de-France) : vous ne pouvez pas la mettre à jour.',
    );
    expect(messageCleHorsPerimetre('F-2', [], ['11'])).toBe(
      'La formation de numéro « F-2 » n’a de session dans aucune région de votre périmètre (Île-de-France) : vous ne pouvez pas la mettre à jour.',
    );
  });
});
