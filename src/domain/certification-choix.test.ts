import { describe, expect, it } from 'vitest';
import { badgeCertification, expireeOuFermee } from './certification-choix.ts';

describe('a line of the certification picker', () => {
  const ferme = { type: 'cfd', code: '50022136', ferme: { fin: '2020-08-31', successeurs: ['50022141'] } };

  it('says an active fiche paired with a closed diploma is that, not expired', () => {
    expect(badgeCertification({ expiree: false, lie: ferme })).toBe('Diplôme fermé');
    expect(expireeOuFermee({ expiree: false, lie: ferme })).toBe(true);
  });

  it('says an expired certification is expired, and a usable line nothing', () => {
    expect(badgeCertification({ expiree: true, lie: ferme })).toBe('Expirée');
    expect(badgeCertification({ expiree: true, lie: null })).toBe('Expirée');
    const courant: { ferme?: unknown } = {};
    expect(badgeCertification({ expiree: false, lie: courant })).toBeNull();
    expect(expireeOuFermee({ expiree: false, lie: null })).toBe(false);
  });
});
