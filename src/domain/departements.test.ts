import { describe, expect, it } from 'vitest';
import { departementSaisi, libelleDepartement, NOMS_DEPARTEMENT } from './departements.ts';
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
