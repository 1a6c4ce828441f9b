import { describe, expect, it } from 'vitest';
import { libelleDepartement, NOMS_DEPARTEMENT } from './departements.ts';
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
