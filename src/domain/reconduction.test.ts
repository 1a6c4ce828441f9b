import { describe, expect, it } from 'vitest';
import { laisseesDeCote, motifLaissee, reconduireUneFoisDecidees } from './reconduction.ts';

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

describe('laisseesDeCote and reconduireUneFoisDecidees', () => {
  it('count the offers left aside and agree what to do with their number, for the page and the CLI', () => {
    expect(laisseesDeCote(1)).toBe('1 formation en attente de décision laissée de côté');
    expect(laisseesDeCote(3)).toBe('3 formations en attente de décision laissées de côté');
    expect(reconduireUneFoisDecidees(1)).toBe('reconduisez-la une fois décidée');
    expect(reconduireUneFoisDecidees(3)).toBe('reconduisez-les une fois décidées');
  });
});
