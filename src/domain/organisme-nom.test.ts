import { describe, expect, it } from 'vitest';
import { nomDuSiren, nomInscription, nomsConnus } from './organisme-nom.ts';

const A = '13002526500013';
const B = '13002526500021';
const rien = { organismes: [], structures: [], declares: [], sirene: [] };

describe('nomsConnus: the name Offre knows for an establishment (pages and rule messages alike)', () => {
  it('trusts the organisme, then its structure, then the DGEFP list, then Sirene', () => {
    const sources = {
      organismes: [{ siret: A, nom: ' ACME FORMATION ' }],
      structures: [{ siren: A.slice(0, 9), nom: 'ACME (structure)' }],
      declares: [{ siret: B, nom: 'ACME DGEFP' }],
      sirene: [
        { siret: A, nom: 'ACME SIRENE' },
        { siret: B, nom: 'ACME SIRENE B' },
      ],
    };
    expect(nomsConnus([A, B], sources)).toEqual(
      new Map([
        [A, 'ACME FORMATION'],
        [B, 'ACME (structure)'],
      ]),
    );
    expect(nomsConnus([B], { ...sources, structures: [] }).get(B)).toBe('ACME DGEFP');
    expect(nomsConnus([B], { ...rien, sirene: sources.sirene }).get(B)).toBe('ACME SIRENE B');
  });

  it('skips blank names and a structure named by its SIREN (no name yet); absent when none names it', () => {
    const m = nomsConnus([A, B], {
      ...rien,
      organismes: [{ siret: A, nom: '  ' }],
      structures: [{ siren: A.slice(0, 9), nom: A.slice(0, 9) }],
      declares: [{ siret: A, nom: null }],
      sirene: [{ siret: A, nom: 'ACME SIRENE' }],
    });
    expect(m).toEqual(new Map([[A, 'ACME SIRENE']]));
  });
});

describe('nomDuSiren / nomInscription: a sign-up named by what Offre knows of its SIREN', () => {
  it('names the SIREN by its first named SIRET, ignoring other SIRENs; null when none', () => {
    const s = {
      ...rien,
      declares: [{ siret: '99999999900011', nom: 'AUTRE' }],
      sirene: [
        { siret: B, nom: 'ACME SIRENE B' },
        { siret: A, nom: 'ACME SIRENE A' },
      ],
    };
    expect(nomDuSiren(A.slice(0, 9), s)).toBe('ACME SIRENE A');
    expect(nomDuSiren('123456789', s)).toBeNull();
  });

  it('keeps the typed name beside a different known one, not beside the same one', () => {
    expect(nomInscription('Lycée polyvalent Louis Pasteur', 'X')).toEqual({
      nom: 'Lycée polyvalent Louis Pasteur',
      declare: 'X',
    });
    expect(
      nomInscription('LYCEE POLYVALENT  LOUIS PASTEUR', 'Lycée polyvalent Louis Pasteur').declare,
    ).toBeNull();
    expect(nomInscription(null, 'X')).toEqual({ nom: 'X', declare: null });
  });
});
