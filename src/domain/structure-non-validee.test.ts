import { describe, expect, it } from 'vitest';
import { avisStructureNonValidee, etatCompte } from './structure-non-validee.ts';

describe('avisStructureNonValidee', () => {
  const s = { siren: '832420004', raison_sociale: 'CFA Test', region: '94', statut: 'en_attente' };
  it('names the structure and the région whose gestionnaire decides', () => {
    expect(avisStructureNonValidee(s)).toBe(
      'La structure CFA Test (SIREN 832420004) est en attente de validation : ce compte ne verra rien tant qu’un gestionnaire de la région Corse ne l’a pas validée.',
    );
    expect(avisStructureNonValidee({ ...s, region: null })).toContain('un gestionnaire de sa région');
  });
  it('says a refused sign-up needs a new one', () => {
    expect(avisStructureNonValidee({ ...s, statut: 'refusee' })).toMatch(
      /^L’inscription de la structure CFA Test \(SIREN 832420004\) a été refusée : .* nouvelle inscription/,
    );
  });
});

describe('etatCompte', () => {
  it('reads disabled first, then the organisme structure’s state', () => {
    expect(etatCompte({ actif: false, role: 'organisme', structure_statut: 'en_attente' })).toBe('Désactivé');
    expect(etatCompte({ actif: true, role: 'organisme', structure_statut: 'en_attente' })).toBe(
      'En attente (structure à valider)',
    );
    expect(etatCompte({ actif: true, role: 'organisme', structure_statut: 'refusee' })).toBe(
      'Structure refusée',
    );
    expect(etatCompte({ actif: true, role: 'gestionnaire', structure_statut: null })).toBe('Actif');
  });
});
