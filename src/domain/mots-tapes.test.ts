import { describe, expect, it } from 'vitest';
import { modaliteDansLesMots } from './modalite-tapee.ts';
import { lieuDansLesMots, sansMot } from './mot-commune.ts';
import { estPresDeMoi, readRequete } from './recherche.ts';

// A fresh user's queries (h-recherche-mots): « cap cuisine paris 15 » read as the département 15,
// « apprentissage » searched as a word of the titles, « près de », « autour de », « vers » searched as
// words. docs/recherche.md « Ce qu’on peut taper ».

describe('a number after Paris, Lyon or Marseille within its arrondissements is no département', () => {
  it.each(['cap cuisine paris 15', 'coiffure Paris 16', 'boulanger marseille 13', 'coiffure PARIS 20'])(
    '« %s »',
    (q) => {
      expect(lieuDansLesMots(q)).toBeNull();
    },
  );

  it('a number the city has no arrondissement of, or after another word, stays the département', () => {
    expect(lieuDansLesMots('boulanger paris 75')).toEqual({ terme: '75', q: 'boulanger paris' });
    expect(lieuDansLesMots('boulanger lyon 69')).toEqual({ terme: '69', q: 'boulanger lyon' });
    expect(lieuDansLesMots('cap cuisine 15')).toEqual({ terme: '15', q: 'cap cuisine' });
  });
});

describe('modaliteDansLesMots: the apprenticeship typed among the words', () => {
  it.each([
    ['cap cuisine apprentissage', 'apprentissage', 'cap cuisine'],
    ['cap cuisine en apprentissage', 'en apprentissage', 'cap cuisine'],
    ['boulanger en Apprentissage', 'en Apprentissage', 'boulanger'],
    ['boulanger par apprentissage', 'par apprentissage', 'boulanger'],
    ['boulanger par l’apprentissage', 'par l’apprentissage', 'boulanger'],
    ['boulanger en contrat d’apprentissage', 'en contrat d’apprentissage', 'boulanger'],
    ["contrat d'apprentissage boulanger", "contrat d'apprentissage", 'boulanger'],
    ['apprenti boulanger', 'apprenti', 'boulanger'],
    ['apprentie coiffeuse', 'apprentie', 'coiffeuse'],
    ['bts mco apprentis', 'apprentis', 'bts mco'],
    ['apprentissage', 'apprentissage', ''],
  ])('« %s »: « %s », the words « %s »', (q, terme, reste) => {
    expect(modaliteDansLesMots(q)).toEqual({ terme, modalite: 'apprentissage', q: reste });
  });

  it.each([
    'apprentissage du français',
    'Apprentis d’Auteuil',
    'formation maître d’apprentissage',
    'boulanger',
    'apprentissages',
    '',
  ])('« %s » names no mode', (q) => {
    expect(modaliteDansLesMots(q)).toBeNull();
  });
});

describe('the words that introduce a place are not searched', () => {
  it.each([
    ['BTS SIO près de Nantes', 'nantes'],
    ['bts sio autour de nantes', 'nantes'],
    ['bts sio vers nantes', 'nantes'],
    ['bts sio à côté de Nantes', 'nantes'],
    ['bts sio proche de nantes', 'nantes'],
    ['bts sio dans le secteur de Nantes', 'nantes'],
    ['bts sio aux alentours d’Angers', 'angers'],
    ['bts sio pas loin de nantes', 'nantes'],
    ['bts sio sur nantes', 'nantes'],
  ])('« %s » searches « %s »', (q, texte) => {
    const r = readRequete(q);
    expect(r.texte).toBe(texte);
    expect(r.ignores).toEqual([]);
  });

  it('nor kept in the words once the place is taken out', () => {
    expect(sansMot('bts sio autour de nantes', 'nantes')).toBe('bts sio');
    expect(sansMot('BTS SIO à côté de Nantes', 'nantes')).toBe('BTS SIO');
    expect(sansMot('bts sio vers nantes', 'nantes')).toBe('bts sio');
    expect(sansMot('bts sio dans le secteur de nantes', 'nantes')).toBe('bts sio');
    expect(lieuDansLesMots('boulanger autour de 44')).toEqual({ terme: '44', q: 'boulanger' });
  });

  it('a word that follows nothing stays a word; « près de moi » in « Où ? » still is the user’s position', () => {
    expect(readRequete('bts sio proche').texte).toBe('proche');
    expect(readRequete('proche aidant').texte).toBe('proche aidant');
    for (const ou of ['près de moi', 'autour de moi', 'à côté de chez moi', 'ici'])
      expect(estPresDeMoi(ou), ou).toBe(true);
    expect(estPresDeMoi('Nantes')).toBe(false);
  });
});
