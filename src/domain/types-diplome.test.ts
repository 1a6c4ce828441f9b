import { describe, expect, it } from 'vitest';
import { cleTypeDiplome, codesTypeDiplome, libelleTypeDiplome } from './types-diplome.ts';

describe('the « Type de diplôme » filter', () => {
  it('groups the certificats de spécialisation of the BCN (CS3, CS4) under one entry', () => {
    expect(cleTypeDiplome('CS4')).toBe('CS');
    expect(cleTypeDiplome('cs3')).toBe('CS');
    expect(libelleTypeDiplome('CS')).toBe('Certificat de spécialisation');
    expect(codesTypeDiplome('CS')).toEqual(['CS', 'CS3', 'CS4']);
  });

  it('keeps the other groups and a code of no group as its own key', () => {
    expect(cleTypeDiplome('MC4')).toBe('MC');
    expect(cleTypeDiplome('Licence Professionnelle')).toBe('LP');
    expect(cleTypeDiplome('zzz')).toBe('ZZZ');
  });
});
