import { describe, expect, it } from 'vitest';
import { nomsConnus } from './organisme-nom.ts';

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
