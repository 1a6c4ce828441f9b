import { describe, expect, it } from 'vitest';
import { avisAvantEnvoi } from './diffusion.ts';

const r = (code: string, severite: string) => ({ code, severite });

describe('avisAvantEnvoi: what keeps an offer sent from diffusion', () => {
  it('says nothing when no blocking nor platform rule fails and the offer is in the catalogue', () => {
    expect(avisAvantEnvoi([r('A', 'alerte')], 'general')).toBeNull();
    expect(avisAvantEnvoi([], null)).toBeNull();
  });
  it('Non réglementaire first, whatever else fails; the rules of each kind kept in order', () => {
    expect(
      avisAvantEnvoi([r('P', 'plateforme'), r('B1', 'bloquant'), r('B2', 'bloquant')], 'non_reglementaire'),
    ).toEqual({
      cas: 'hors_catalogue',
      bloquantes: [r('B1', 'bloquant'), r('B2', 'bloquant')],
      plateforme: [r('P', 'plateforme')],
    });
  });
  it('a blocking rule in the catalogue withholds sessions; platform rules alone keep it from the platforms', () => {
    expect(avisAvantEnvoi([r('B', 'bloquant'), r('P', 'plateforme')], 'general')?.cas).toBe('sessions');
    expect(avisAvantEnvoi([r('P', 'plateforme'), r('A', 'alerte')], 'general')).toEqual({
      cas: 'plateformes',
      bloquantes: [],
      plateforme: [r('P', 'plateforme')],
    });
  });
});
