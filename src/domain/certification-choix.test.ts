import { describe, expect, it } from 'vitest';
import { badgeCertification, certificationFinie, expireeOuFermee } from './certification-choix.ts';

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

describe('certificationFinie', () => {
  it('inactive, or past its end date on the day; unknown is not ended', () => {
    expect(certificationFinie({ actif: false, date_fin: null }, '2026-12-06')).toBe(true);
    expect(certificationFinie({ actif: true, date_fin: '2026-12-05' }, '2026-12-06')).toBe(true);
    expect(certificationFinie({ actif: true, date_fin: '2026-12-06' }, '2026-12-06')).toBe(false);
    expect(certificationFinie({ actif: null, date_fin: null }, '2026-12-06')).toBe(false);
  });
});
