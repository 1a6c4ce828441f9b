import { describe, expect, it } from 'vitest';
import { readEtat } from './recherche.params.ts';

describe('the public search page’s département filter', () => {
  it('reads 2a and 2b as Corsica’s 2A and 2B, as the API does', () => {
    expect(readEtat({ departement: '2a' }).facettes.departement).toBe('2A');
    expect(readEtat({ departement: ' 2b ' }).facettes.departement).toBe('2B');
    expect(readEtat({ departement: '44' }).facettes.departement).toBe('44');
  });

  it('does not filter on a département that does not exist, and keeps it, as typed, to say so', () => {
    for (const d of ['999', '20', '2c', ''])
      expect(readEtat({ departement: d }).facettes.departement, d).toBeUndefined();
    expect(readEtat({ departement: ' 2c ' }).inconnus?.departement?.saisi).toBe('2c');
    expect(readEtat({ departement: '' }).inconnus).toBeUndefined();
    expect(readEtat({ departement: '2a' }).inconnus).toBeUndefined();
  });

  it('says an unknown région too, cut to 20 characters; a known one is no error', () => {
    expect(Object.keys(readEtat({ region: '99', departement: '44' }).inconnus ?? {})).toEqual(['region']);
    expect(readEtat({ region: '84' }).inconnus).toBeUndefined();
    expect(readEtat({ region: '<b>'.repeat(10) }).inconnus?.region?.saisi).toBe(
      '<b>'.repeat(10).slice(0, 20),
    );
  });

  // A fresh user's report (03/12): these were dropped in silence, listing every formation.
  it('refuses, on its field, Corsica’s old 20, a repeated département, an unknown niveau, rentrée or rayon', () => {
    expect(readEtat({ departement: '20' }).inconnus?.departement?.message).toContain(
      'la Corse est 2A (Corse-du-Sud) ou 2B (Haute-Corse)',
    );
    const repete = readEtat({ departement: ['53', '44'] });
    expect(repete.facettes.departement).toBeUndefined();
    expect(repete.inconnus?.departement).toEqual({
      message: 'Plusieurs départements demandés (53, 44) : choisissez-en un seul dans la liste.',
    });
    expect(readEtat({ niveau: 'zz' }).inconnus?.niveau?.saisi).toBe('zz');
    expect(readEtat({ rentree: '1900' }).inconnus?.rentree?.saisi).toBe('1900');
    for (const rayon of ['-5', 'abc', '0', '31'])
      expect(readEtat({ rayon }).inconnus?.rayon?.message, rayon).toBe(
        `Rayon « ${rayon} » non proposé : choisissez 10, 30, 50 ou 100 km.`,
      );
    for (const ok of [{ rayon: '50' }, { niveau: '3' }, { rentree: '2026' }, { rayon: '' }])
      expect(readEtat(ok).inconnus, JSON.stringify(ok)).toBeUndefined();
  });
});
