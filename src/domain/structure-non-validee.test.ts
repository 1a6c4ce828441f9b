import { describe, expect, it } from 'vitest';
import { avisCompteNonValide, avisStructureNonValidee, etatCompte } from './structure-non-validee.ts';

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

describe('avisCompteNonValide', () => {
  const c = { etat: 'structure_refusee', structure: 'CFA Test', siren: '832420004', region: '94' } as const;
  it('tells the account of a refused structure the refusal and what to do, never that it waits', () => {
    const avis = avisCompteNonValide(c);
    expect(avis.code).toBe('COMPTE_STRUCTURE_REFUSEE');
    expect(avis.titre).toBe('Inscription de la structure refusée');
    expect(avis.message).toBe(
      'L’inscription de votre structure CFA Test (SIREN 832420004) a été refusée : votre compte ne donne accès à aucune offre.',
    );
    expect(avis.suite).toMatch(/^Contactez le Carif-Oref de la région Corse .* s’inscrire de nouveau/);
    expect(`${avis.titre} ${avis.message} ${avis.suite}`).not.toMatch(/attente/);
    expect(avisCompteNonValide({ ...c, region: null }).suite).toContain('le Carif-Oref de sa région');
  });
  it('tells a pending one that it waits', () => {
    const avis = avisCompteNonValide({ ...c, etat: 'en_attente' });
    expect([avis.code, avis.titre, avis.suite]).toEqual([
      'COMPTE_EN_ATTENTE',
      'Compte en attente de validation',
      null,
    ]);
  });
});
