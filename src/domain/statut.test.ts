import { describe, expect, it } from 'vitest';
import { suiteHorsInstruction } from './statut.ts';

// What brings an offer back into a platform's instruction: workflow facts, said by statut, then
// for a published offer by what keeps it out (the instructeur's page of an offer not in instruction).

describe('suiteHorsInstruction', () => {
  const o = (statut: string, catalogue: string | null = 'general', horsPerimetre = false) => ({
    statut,
    catalogue,
    horsPerimetre,
  });

  it('an offer not validated yet, or archived: what its statut waits for', () => {
    expect(suiteHorsInstruction(o('brouillon'), 'parcoursup')).toBe(
      'L’organisme ne l’a pas encore envoyée en validation : elle entrera en instruction une fois envoyée puis validée par un gestionnaire.',
    );
    expect(suiteHorsInstruction(o('en_attente_validation', null, true), 'affelnet')).toBe(
      'Elle attend la validation d’un gestionnaire : une fois validée, elle entrera en instruction.',
    );
    expect(suiteHorsInstruction(o('a_corriger', 'non_reglementaire'), 'parcoursup')).toBe(
      'Un gestionnaire l’a renvoyée à l’organisme pour correction : une fois corrigée puis validée, elle reviendra en instruction.',
    );
    expect(suiteHorsInstruction(o('archivee'), 'parcoursup')).toBe(
      'Elle est archivée : elle ne reviendra en instruction que si elle est de nouveau envoyée puis validée.',
    );
  });

  it('a published offer: a blocking rule first, then the platform’s scope, else no diffusion', () => {
    expect(suiteHorsInstruction(o('publiee', 'non_reglementaire', true), 'parcoursup')).toBe(
      'Une règle bloquante la tient hors de la diffusion : une fois corrigée par l’organisme puis validée par un gestionnaire, elle reviendra en instruction, où vous pourrez décider de nouveau.',
    );
    expect(suiteHorsInstruction(o('publiee', 'general', true), 'affelnet')).toBe(
      'Elle n’y entrera que si cela change : Affelnet ne reçoit que des offres validées du Catalogue général ouvertes à l’apprentissage.',
    );
    expect(suiteHorsInstruction(o('publiee'), 'parcoursup')).toBe(
      'Elle n’est pas diffusée au public (recrutement fermé ou sessions retenues) : elle reviendra en instruction quand une de ses sessions le sera de nouveau.',
    );
  });
});
