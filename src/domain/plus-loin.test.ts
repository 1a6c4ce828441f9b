import { describe, expect, it } from 'vitest';
import { plusLoin, rayonQuiAtteint } from './plus-loin.ts';
import type { Candidat } from './recherche.ts';

const candidat = (id: string, ...distances: (number | null)[]): Candidat => ({
  id,
  rang: 1,
  niveau: '3',
  type_diplome: 'CAP',
  apprentissage: true,
  conventionne: false,
  parcoursup: false,
  affelnet: false,
  lieux: distances.map((distance) => ({
    region: '52',
    departement: '49',
    debut: null,
    ouvert: true,
    distance,
  })),
});

describe('rayonQuiAtteint', () => {
  it('gives the smallest radius choice wider than the one asked that reaches the distance', () => {
    expect(rayonQuiAtteint(79.6, 30)).toBe(100);
    expect(rayonQuiAtteint(31, 30)).toBe(50);
    expect(rayonQuiAtteint(50, 10)).toBe(50);
    expect(rayonQuiAtteint(4, 10)).toBe(30);
    expect(rayonQuiAtteint(100.2, 30)).toBeNull();
    expect(rayonQuiAtteint(40, 100)).toBeNull();
  });
});

describe('plusLoin', () => {
  it('offers the radius of the nearest, counting what it finds', () => {
    const cs = [candidat('a', 79.64), candidat('b', 120, 95), candidat('c', 180)];
    expect(plusLoin(cs, {}, 30, '2026-12-07')).toEqual({ rayonKm: 100, distanceKm: 79.6, total: 2 });
    expect(plusLoin([candidat('a', 42.04)], {}, 30, '2026-12-07')).toEqual({
      rayonKm: 50,
      distanceKm: 42,
      total: 1,
    });
  });

  it('leaves out the candidates the facet filters exclude', () => {
    const bts = { ...candidat('b', 35), type_diplome: 'BTS' };
    expect(plusLoin([bts, candidat('a', 60)], { type_diplome: 'CAP' }, 30, '2026-12-07')).toEqual({
      rayonKm: 100,
      distanceKm: 60,
      total: 1,
    });
  });

  it('gives nothing when none is within reach', () => {
    expect(plusLoin([], {}, 30, '2026-12-07')).toBeNull();
    expect(plusLoin([candidat('a', null)], {}, 30, '2026-12-07')).toBeNull();
    expect(plusLoin([candidat('a', 150)], {}, 100, '2026-12-07')).toBeNull();
  });
});
