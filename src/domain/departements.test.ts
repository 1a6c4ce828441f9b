import { describe, expect, it } from 'vitest';
import { departementNomme, departementSaisi, libelleDepartement, NOMS_DEPARTEMENT } from './departements.ts';
import { estDepartement } from './geo.ts';

describe('NOMS_DEPARTEMENT', () => {
  it('names every code a département filter matches, and only those (101 départements, 3 collectivities)', () => {
    const codes = Object.keys(NOMS_DEPARTEMENT);
    expect(codes).toHaveLength(104);
    expect(codes.filter((c) => !estDepartement(c))).toEqual([]);
  });

  it('reads « 75 — Paris », « 2A — Corse-du-Sud »; an unnamed code stays as is', () => {
    expect(libelleDepartement('75')).toBe('75 — Paris');
    expect(libelleDepartement('2A')).toBe('2A — Corse-du-Sud');
    expect(libelleDepartement('974')).toBe('974 — La Réunion');
    expect(libelleDepartement('99')).toBe('99');
  });
});

describe('departementSaisi', () => {
  it('reads a département number typed in « Où ? », Corsica in any case', () => {
    expect(['44', ' 971 ', '2a', '2B', '01'].map(departementSaisi)).toEqual(['44', '971', '2A', '2B', '01']);
  });
  it('leaves out what is not a département number', () => {
    for (const t of ['20', '96', '99', '979', '4', '44000', 'Nantes', '', undefined, '2C', '1A'])
      expect(departementSaisi(t), String(t)).toBeNull();
  });
});

describe('departementNomme', () => {
  it('reads a département’s name as people type it: accents, case, hyphens, « st », apostrophes, article', () => {
    const noms = ['Rhône', 'rhone', 'Seine-Saint-Denis', 'seine st denis', 'Côte-d’Or', "cote d'or"];
    expect(noms.map(departementNomme)).toEqual(['69', '69', '93', '93', '21', '21']);
    expect(
      ['La Réunion', 'Réunion', 'Val-d’Oise', 'Territoire de Belfort', 'corse du sud'].map(departementNomme),
    ).toEqual(['974', '974', '95', '90', '2A']);
  });
  it('names every département of the list', () => {
    for (const [code, nom] of Object.entries(NOMS_DEPARTEMENT)) expect(departementNomme(nom), nom).toBe(code);
  });
  it('leaves out what is no département’s name', () => {
    for (const t of ['Nantes', 'Paris 15e', '', 'Loire Atlantique Nord', '75'])
      expect(departementNomme(t), t).toBeNull();
  });
});
