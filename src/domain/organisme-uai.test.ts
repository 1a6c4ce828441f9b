import { describe, expect, it } from 'vitest';
import { organismeEcrit, premierUaiConnu } from './organisme-uai.ts';

const ecrit = { siret: '13002526500013', uai: '0750001A', raison_sociale: 'Nouveau nom', nda: '11750000075' };

describe('premierUaiConnu', () => {
  it('the first known one, the stored one first; null when none is', () => {
    expect(premierUaiConnu('0690001B', '0750001A')).toBe('0690001B');
    expect(premierUaiConnu(null, undefined, '0750001A')).toBe('0750001A');
    expect(premierUaiConnu(undefined, null)).toBeNull();
    expect(premierUaiConnu()).toBeNull();
  });
});

describe('organismeEcrit', () => {
  it('a stored establishment keeps its first known UAI and takes the writer’s name and NDA', () => {
    const connu = { siret: ecrit.siret, uai: '0690001B', raison_sociale: 'Ancien nom', nda: null };
    expect(organismeEcrit(connu, ecrit)).toEqual({ ...ecrit, uai: '0690001B' });
  });

  it('a stored one without UAI takes the writer’s; a new one is the writer’s', () => {
    const connu = { siret: ecrit.siret, uai: null, raison_sociale: 'Ancien nom', nda: null };
    expect(organismeEcrit(connu, ecrit)).toEqual(ecrit);
    expect(organismeEcrit(undefined, ecrit)).toEqual(ecrit);
    expect(organismeEcrit(undefined, { ...ecrit, uai: null })).toEqual({ ...ecrit, uai: null });
  });
});
