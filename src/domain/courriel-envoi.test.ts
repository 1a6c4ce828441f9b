import { describe, expect, it } from 'vitest';
import {
  DELAI_MAX_MS,
  etatCourriel,
  PREMIER_DELAI_MS,
  prochainEssai,
  TENTATIVES_MAX,
} from './courriel-envoi.ts';

describe('prochainEssai', () => {
  const t0 = new Date('2026-12-07T10:00:00Z');
  const delai = (n: number) => (prochainEssai(n, t0)?.getTime() ?? Number.NaN) - t0.getTime();

  it('doubles the delay from 30 s after each failure', () => {
    expect([1, 2, 3, 4].map(delai)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(delai(1)).toBe(PREMIER_DELAI_MS);
  });

  it('never waits more than an hour', () => {
    expect(delai(8)).toBe(DELAI_MAX_MS);
    expect(delai(TENTATIVES_MAX - 1)).toBe(DELAI_MAX_MS);
  });

  it('gives up after the last attempt', () => {
    expect(prochainEssai(TENTATIVES_MAX, t0)).toBeNull();
    expect(prochainEssai(TENTATIVES_MAX + 1, t0)).toBeNull();
  });
});

describe('etatCourriel', () => {
  const d = (x: Date | string) => new Date(x).toISOString();
  const c = { statut: 'en_attente', tentatives: 0, erreur: null, prochain_essai_at: null };
  it('says a message never tried waits, for a server or for its configuration', () => {
    expect(etatCourriel(c, true, d)).toBe('En attente d’envoi');
    expect(etatCourriel(c, false, d)).toBe('En attente (pas de serveur SMTP)');
  });
  it('says how often a message failed, why, and when it is tried again', () => {
    const e = {
      ...c,
      tentatives: 2,
      erreur: 'connect ECONNREFUSED',
      prochain_essai_at: '2026-12-07T10:00:00Z',
    };
    expect(etatCourriel(e, true, d)).toBe(
      'Non remis après 2 essais : connect ECONNREFUSED ; nouvel essai le 2026-12-07T10:00:00.000Z',
    );
    expect(etatCourriel({ ...e, statut: 'echec', tentatives: 10 }, true, d)).toBe(
      'Abandonné après 10 essais : connect ECONNREFUSED',
    );
  });
});
