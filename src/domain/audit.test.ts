import { describe, expect, it } from 'vitest';
import { detailsSansSecret, isEvenementSecurite, sansSecret } from './audit.ts';

const CLE = 'offre_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1u';

describe('audit: no secret stored', () => {
  it('cuts an API key to its prefix wherever it appears', () => {
    expect(sansSecret(`Bearer ${CLE} refusée`)).toBe('Bearer offre_Zm9vYm… refusée');
    expect(JSON.stringify(detailsSansSecret({ a: [{ b: CLE }], n: 3 }))).not.toContain(CLE);
  });
  it('bounds the length', () => {
    expect(sansSecret('x'.repeat(1000))).toHaveLength(300);
  });
  it('knows its events', () => {
    expect(isEvenementSecurite('connexion_echouee')).toBe(true);
    expect(isEvenementSecurite('toString')).toBe(false);
  });
});
