import { describe, expect, it } from 'vitest';
import { nomExport } from './nom-export.ts';

describe('nomExport', () => {
  // 23:30 UTC on the 2nd is 00:30 in Paris on the 3rd: the name says the Paris day (fresh user,
  // 07/12: `…-2026-12-07.xml` for an export the pages dated 8 décembre 00:42).
  const jour = new Date('2026-12-02T22:30:00Z');
  it('names the filters and the day, in Paris', () => {
    expect(nomExport('lheo', { region: '52' }, new Date('2026-12-07T23:42:00Z'))).toBe(
      'offre-lheo-2.3-region-52-2026-12-08.xml',
    );
    expect(nomExport('csv', {}, new Date('2026-07-01T21:59:00Z'))).toBe('offre-formations-2026-07-01.csv');
    expect(nomExport('csv', {}, new Date('2026-07-01T22:00:00Z'))).toBe('offre-formations-2026-07-02.csv');
    expect(nomExport('csv', { siret: '12345678900012' }, jour)).toBe(
      'offre-formations-siret-12345678900012-2026-12-02.csv',
    );
    expect(nomExport('xlsx', { region: '84' }, jour)).toBe('offre-formations-region-84-2026-12-02.xlsx');
    expect(nomExport('lheo', { region: '84', siret: '12345678900012' }, jour)).toBe(
      'offre-lheo-2.3-region-84-siret-12345678900012-2026-12-02.xml',
    );
    expect(nomExport('csv', {}, jour)).toBe('offre-formations-2026-12-02.csv');
  });
});
