import { describe, expect, it } from 'vitest';
import { motifLaissee } from './reconduction.ts';

describe('motifLaissee', () => {
  it('leaves aside an offer waiting for a decision or a correction, its own or its revision’s', () => {
    expect(motifLaissee('en_attente_validation', undefined)).toBe('en_attente_validation');
    expect(motifLaissee('a_corriger', undefined)).toBe('a_corriger');
    expect(motifLaissee('publiee', 'en_attente_validation')).toBe('revision_en_attente_validation');
    expect(motifLaissee('publiee', 'a_corriger')).toBe('revision_a_corriger');
  });

  it('rolls over a draft and a published offer without an open revision', () => {
    expect(motifLaissee('brouillon', undefined)).toBeNull();
    expect(motifLaissee('publiee', undefined)).toBeNull();
  });
});
