import { describe, expect, it } from 'vitest';
import { classerSuggestions, libelleCommune } from './communes-suggerees.ts';

const c = (code_insee: string, code_postal: string, nom: string, population: number | null) => ({
  code_insee,
  code_postal,
  nom,
  nom_normalise: nom
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim(),
  population,
});
const noms = (r: { nom: string; code_postal: string }[]) => r.map(libelleCommune);

describe('classerSuggestions', () => {
  it('puts the most populous first, whatever the name’s length', () => {
    const rows = [c('17052', '17290', 'Bords', 1453), c('33063', '33000', 'Bordeaux', 261804)];
    expect(noms(classerSuggestions('bord', rows, 10))).toEqual(['Bordeaux (33000)', 'Bords (17290)']);
  });

  it('gives a city with arrondissements once, whole, before its arrondissements', () => {
    const rows = [
      ...['75001', '75002', '75015'].map((cp) => c('75056', cp, 'Paris', 2103778)),
      c('75115', '75015', 'Paris 15e Arrondissement', 229713),
      c('75101', '75001', 'Paris 1er Arrondissement', null),
    ];
    // Paris whole has no postal code of its own (75000 is none): « Paris » alone.
    expect(classerSuggestions('paris', rows, 10)[0]).toEqual({
      code_insee: '75056',
      nom: 'Paris',
      code_postal: '',
    });
    expect(noms(classerSuggestions('paris', rows, 10))).toEqual([
      'Paris',
      'Paris 15e Arrondissement (75015)',
      'Paris 1er Arrondissement (75001)',
    ]);
    // By a whole postal code, the city's row stays as it is (one arrondissement's code).
    expect(noms(classerSuggestions('', rows.slice(0, 1), 10, '75001'))).toEqual(['Paris (75001)']);
    // By the start of one (« 750 »), the city once, whole, first, then its arrondissements (h-recherche5).
    expect(noms(classerSuggestions('', rows, 10, '750'))).toEqual([
      'Paris',
      'Paris 15e Arrondissement (75015)',
      'Paris 1er Arrondissement (75001)',
    ]);
  });

  it('puts the arrondissement a city and a number name first (« marseille 1 »: the 1er, then 10e…)', () => {
    const rows = [
      c('13210', '13010', 'Marseille 10e Arrondissement', 56000),
      c('13213', '13013', 'Marseille 13e Arrondissement', 92000),
      c('13201', '13001', 'Marseille 1er Arrondissement', 39000),
    ];
    expect(noms(classerSuggestions('marseille 1', rows, 10))).toEqual([
      'Marseille 1er Arrondissement (13001)',
      'Marseille 13e Arrondissement (13013)',
      'Marseille 10e Arrondissement (13010)',
    ]);
    expect(noms(classerSuggestions('marseille 13', rows, 10))[0]).toBe(
      'Marseille 13e Arrondissement (13013)',
    );
  });

  it('names that start as typed come before those found through an article', () => {
    const rows = [c('85113', '85350', "L'Île-d'Yeu", 4800), c('99999', '12345', 'Ile-de-Test', 10)];
    expect(noms(classerSuggestions('ile d', rows, 10))).toEqual([
      'Ile-de-Test (12345)',
      "L'Île-d'Yeu (85350)",
    ]);
  });

  it('never leaves out a commune of exactly the name typed', () => {
    const rows = [
      ...Array.from({ length: 12 }, (_, i) =>
        c(`130${10 + i}`, `130${10 + i}`, `Marsville ${i}`, 10_000 - i),
      ),
      c('07152', '07210', 'Mars', 330),
    ];
    const r = noms(classerSuggestions('mars', rows, 10));
    expect(r).toHaveLength(10);
    expect(r.at(-1)).toBe('Mars (07210)');
  });
});
