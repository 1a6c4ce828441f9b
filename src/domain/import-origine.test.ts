import { describe, expect, it } from 'vitest';
import { aEffet, comptesVides, sirenDeLaSaisie } from './import-origine.ts';

// The SIREN an import row is recorded for: the store's owner (formation.snapshot.ts sirenProprietaire).

const org = (siret: string) => ({ siret, uai: null, raison_sociale: null, nda: null });

describe('sirenDeLaSaisie', () => {
  it('is the responsable’s, else the formateur’s, else the mandataire’s; null without a SIRET', () => {
    expect(sirenDeLaSaisie({ responsable: org('13002526500013'), formateur: org('55210055400013') })).toBe(
      '130025265',
    );
    expect(sirenDeLaSaisie({ responsable: null, formateur: org('55210055400013') })).toBe('552100554');
    expect(sirenDeLaSaisie({ responsable: org('') })).toBeNull();
  });

  it('is the mandataire’s for a conventionné action that names one', () => {
    const input = {
      responsable: org('13002526500013'),
      mandataire: org('55210055400013'),
      financeurs: ['region' as const],
      sessions: [],
    };
    expect(sirenDeLaSaisie(input)).toBe('552100554');
    expect(sirenDeLaSaisie({ ...input, financeurs: [] as 'region'[] })).toBe('130025265');
  });
});

describe('aEffet', () => {
  it('is false when everything stayed unchanged', () => {
    expect(aEffet({ ...comptesVides(), inchangees: 12 })).toBe(false);
    expect(aEffet({ ...comptesVides(), rejetees: 1 })).toBe(true);
    expect(aEffet({ ...comptesVides(), archivees: 1 })).toBe(true);
  });
});
