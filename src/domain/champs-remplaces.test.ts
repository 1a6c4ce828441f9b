import { describe, expect, it } from 'vitest';
import { champsRemplaces, valeurDe } from './champs-remplaces.ts';

describe('champsRemplaces', () => {
  const actuelle = {
    intitule: 'Coiffure',
    objectif: 'Objectif de A.',
    contenu: null,
    certification: { rncp: 'RNCP1', cfd: null, intitule: 'stocké, pas dans le formulaire' },
    responsable: { siret: '13002526500013' },
    contacts: [{ type: 'accueil', nom: 'Camille', telephone: null, courriel: 'c@x.fr', id: 'interne' }],
    modalites: { duree_annees: 2, annees_apprentissage: [1, 2] },
    sessions: [{ id: 'se_1' }],
  };
  const saisie = {
    intitule: 'Coiffure',
    objectif: 'Objectif de A.',
    contenu: '',
    certification: { rncp: 'RNCP1', cfd: null },
    responsable: { siret: '13002526500013' },
    contacts: [{ type: 'accueil', nom: 'Camille', telephone: null, courriel: 'c@x.fr' }],
    modalites: { duree_annees: 2, annees_apprentissage: [1, 2] },
  };

  it('is empty when the form holds the current values (empty alike, members it does not hold ignored)', () => {
    expect(champsRemplaces(saisie, actuelle)).toEqual([]);
  });

  it('names each differing field by its path, objects opened, lists whole', () => {
    expect(
      champsRemplaces(
        {
          ...saisie,
          intitule: 'Autre',
          objectif: 'Objectif lu.',
          responsable: null,
          contacts: [],
          modalites: { duree_annees: 3, annees_apprentissage: [1] },
        },
        actuelle,
      ),
    ).toEqual([
      'intitule',
      'objectif',
      'responsable.siret',
      'contacts',
      'modalites.duree_annees',
      'modalites.annees_apprentissage',
    ]);
  });

  it('leaves out a commune picked among the proposed ones; reads a value by its path', () => {
    expect(
      champsRemplaces({ lieu: { commune: 'Lyon', choix: '69123-69001' } }, { lieu: { commune: 'Lyon' } }),
    ).toEqual([]);
    expect(valeurDe(actuelle, 'modalites.duree_annees')).toBe(2);
    expect(valeurDe(actuelle, 'lieu.commune')).toBeUndefined();
  });
});
