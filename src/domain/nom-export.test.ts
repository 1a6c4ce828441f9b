import { describe, expect, it } from 'vitest';
import { nomExport } from './nom-export.ts';

describe('nomExport', () => {
  const jour = new Date('2026-12-02T23:30:00Z');
  it('names the filters and the day', () => {
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
