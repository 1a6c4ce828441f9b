import { describe, expect, it } from 'vitest';
import { detailsLisibles, detailsSansSecret, isEvenementSecurite, sansSecret } from './audit.ts';

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

describe('detailsLisibles', () => {
  it('shows a technical error code in French words, other details as they are', () => {
    const t = detailsLisibles({ code: 'FST_CSRF_INVALID_TOKEN', genre: 'lecture', vide: null });
    expect(t).not.toContain('FST_');
    expect(t).toBe(
      'code : jeton de sécurité du formulaire invalide (page expirée ou envoi d’ailleurs) ; genre : lecture',
    );
    expect(detailsLisibles({ code: 'ACCES_REFUSE' })).toBe('code : ACCES_REFUSE');
  });
});
