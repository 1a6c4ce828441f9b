import { describe, expect, it } from 'vitest';
import { arrondissementsDecolles } from './arrondissements.ts';
import { modaliteDansLesMots } from './modalite-tapee.ts';
import {
  arrondissementDuMot,
  lieuDansLesMots,
  sansArrondissementInexistant,
  sansMot,
} from './mot-commune.ts';
import { presDeMoiDansLesMots } from './prepositions-lieu.ts';
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

// A fresh user (h-recherche3): « cap cuisine près de moi » searched all France silently; « près nantes »,
// « cap cuisine pres nantes » found nothing (« pres » searched); « paris 21 » was the Côte-d’Or;
// « paris15 » was one word.
describe('« près de moi » among the words: the user’s position, which the site does not know', () => {
  it.each([
    ['cap cuisine près de moi', 'près de moi', 'cap cuisine'],
    ['cap cuisine pres de moi', 'pres de moi', 'cap cuisine'],
    ['Près de chez moi boulanger', 'Près de chez moi', 'boulanger'],
    ['boulanger autour de moi', 'autour de moi', 'boulanger'],
    ['boulanger à côté de chez moi', 'à côté de chez moi', 'boulanger'],
    ['boulanger proche de moi', 'proche de moi', 'boulanger'],
    ['boulanger près moi', 'près moi', 'boulanger'],
    ['boulanger autour d’ici', 'autour d’ici', 'boulanger'],
    ['boulanger dans le coin', 'dans le coin', 'boulanger'],
    ['près de moi', 'près de moi', ''],
  ])('« %s »: « %s », the words « %s »', (q, terme, reste) => {
    expect(presDeMoiDansLesMots(q)).toEqual({ terme, q: reste });
  });

  it.each(['boulanger près de Nantes', 'proche aidant', 'bts sio proche', 'moi', ''])('« %s »: none', (q) => {
    expect(presDeMoiDansLesMots(q)).toBeNull();
  });

  it('« près moi » in « Où ? » is the user’s position too', () => {
    expect(estPresDeMoi('près moi')).toBe(true);
  });
});

describe('the words that introduce a place, with or without « de »', () => {
  it.each([
    ['près nantes', 'nantes'],
    ['cap cuisine pres nantes', 'cuisine nantes'],
    ['bts sio proche nantes', 'nantes'],
    ['bts sio autour nantes', 'nantes'],
    ['bts sio a cote nantes', 'nantes'],
    ['bts sio à côté Nantes', 'nantes'],
    ['bts sio tout près Nantes', 'nantes'],
    ['bts sio pres du mans', 'mans'],
    ['bts sio près des sables', 'sables'],
    ['bts sio près d’angers', 'angers'],
    ["bts sio pres d'angers", 'angers'],
  ])('« %s » searches « %s »', (q, texte) => {
    const r = readRequete(q);
    expect(r.texte).toBe(texte);
    expect(r.ignores).toEqual([]);
  });

  it('« proche aidant » stays the words (a trade’s name, no place)', () => {
    expect(readRequete('formation proche aidant').texte).toBe('formation proche aidant');
    expect(readRequete('proches aidants').texte).toBe('proches aidants');
  });

  it('the place taken out of the words takes its preposition without « de »', () => {
    expect(sansMot('cap cuisine pres nantes', 'nantes')).toBe('cap cuisine');
    expect(sansMot('cap cuisine à côté Nantes', 'nantes')).toBe('cap cuisine');
    expect(sansMot('cap cuisine proche nantes', 'nantes')).toBe('cap cuisine');
    expect(lieuDansLesMots('boulanger pres 44')).toEqual({ terme: '44', q: 'boulanger' });
  });
});

describe('a number after Paris, Lyon or Marseille that is none of its arrondissements', () => {
  it.each(['boulanger paris 21', 'cap cuisine lyon 12', 'coiffure marseille 17', 'paris 21'])(
    '« %s » is no département',
    (q) => {
      expect(lieuDansLesMots(q)).toBeNull();
    },
  );

  it('is said: the whole city, the number none of its arrondissements', () => {
    expect(arrondissementDuMot('boulanger paris 21', 'paris', 'Paris')).toEqual({
      commune: 'Paris',
      suivant: '21',
      inexistant: { numero: 21, arrondissements: 20 },
    });
    expect(arrondissementDuMot('boulanger Lyon 12e', 'lyon', 'Lyon')).toEqual({
      commune: 'Lyon',
      suivant: '12e',
      inexistant: { numero: 12, arrondissements: 9 },
    });
    // The city's département stays the département; a word is no number.
    expect(arrondissementDuMot('boulanger paris 75', 'paris', 'Paris')).toBeNull();
    expect(arrondissementDuMot('boulanger paris nord', 'paris', 'Paris')).toBeNull();
  });
});

describe('an arrondissement glued to its city (« paris15 », « lyon3 »)', () => {
  it.each([
    ['coiffure paris15', 'coiffure paris 15'],
    ['coiffure Paris15e', 'coiffure Paris 15e'],
    ['lyon3 cap cuisine', 'lyon 3 cap cuisine'],
    ['marseille1er', 'marseille 1er'],
    ['Paris 15', 'Paris 15'],
    ['parisien 15', 'parisien 15'],
    ['cap lyon3x', 'cap lyon3x'],
  ])('« %s » → « %s »', (q, lu) => {
    expect(arrondissementsDecolles(q)).toBe(lu);
  });
});

// A fresh user (h-recherche5): « marseille 17e » searched « 17e »; « cap cuisine dans ma ville »
// searched « ma ville » (Villeneuve); « à proximité » searched « proximité ».
describe('the ordinal of an arrondissement a city has not is no word to search', () => {
  it.each([
    ['cap cuisine marseille 17e', 'cap cuisine marseille'],
    ['cap cuisine Marseille 17ème', 'cap cuisine Marseille'],
    ['cap cuisine marseille 17eme', 'cap cuisine marseille'],
    ['cap cuisine marseille 17è', 'cap cuisine marseille'],
    ['lyon 10e cap cuisine', 'lyon cap cuisine'],
    ['cap cuisine paris 21', 'cap cuisine paris'],
  ])('« %s » is searched as « %s »', (q, reste) => {
    expect(sansArrondissementInexistant(q)).toBe(reste);
  });

  it.each(['cap cuisine paris 15e', 'cap cuisine paris 75', 'cap cuisine nantes 17e', 'cap 12 mois'])(
    '« %s » stays as typed',
    (q) => {
      expect(sansArrondissementInexistant(q)).toBe(q);
    },
  );

  it('glued with « è » too', () => {
    expect(arrondissementsDecolles('cap cuisine marseille17è')).toBe('cap cuisine marseille 17è');
  });
});

describe('« near me » as a French user types it, whole phrases only', () => {
  it.each([
    ['cap cuisine à proximité', 'à proximité', 'cap cuisine'],
    ['cap cuisine a proximite', 'a proximite', 'cap cuisine'],
    ['cap cuisine dans ma ville', 'dans ma ville', 'cap cuisine'],
    ['cap cuisine dans ma région', 'dans ma région', 'cap cuisine'],
    ['cap cuisine dans mon coin', 'dans mon coin', 'cap cuisine'],
    ['cap cuisine dans mon quartier', 'dans mon quartier', 'cap cuisine'],
    ['cap cuisine pas loin de chez nous', 'pas loin de chez nous', 'cap cuisine'],
    ['cap cuisine aux alentours', 'aux alentours', 'cap cuisine'],
  ])('« %s »: « %s », the words « %s »', (q, terme, reste) => {
    expect(presDeMoiDansLesMots(q)).toEqual({ terme, q: reste });
  });

  it.each([
    'agent des métiers de la ville',
    'ma ville',
    'cap cuisine à proximité de nantes',
    'cap cuisine à proximité nantes',
    'animation gestion de projets dans le secteur sportif',
    'bts sio proche',
    'villeneuve',
  ])('« %s »: none', (q) => {
    expect(presDeMoiDansLesMots(q)).toBeNull();
  });

  it('the same phrases in « Où ? » are the user’s position', () => {
    for (const ou of [
      'dans ma ville',
      'dans ma région',
      'dans mon coin',
      'à proximité',
      'ma ville',
      'mon quartier',
    ])
      expect(estPresDeMoi(ou), ou).toBe(true);
    expect(estPresDeMoi('Villeneuve')).toBe(false);
  });
});
