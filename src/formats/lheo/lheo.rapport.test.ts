import { describe, expect, it } from 'vitest';
import {
  changementsRapportes,
  devientNonDiffusable,
  ligneChangement,
  type ReglesModifiee,
} from './lheo.rapport.ts';

describe('the LHEO report’s changes (command line)', () => {
  it('name a session by its dates; an archiving is a sentence, not « archivee : oui → non »', () => {
    const sessions = [{ id: 'se_1', debut: '2027-09-06', fin: '2029-06-30' }];
    const lignes = changementsRapportes(
      [
        { champ: 'intitule', avant: 'A', apres: 'B' },
        { champ: 'sessions[se_1].capacite', avant: 12, apres: 24 },
        { champ: 'sessions[se_1].archivee', avant: true, apres: false },
      ],
      sessions,
    ).map(ligneChangement);
    expect(lignes).toEqual([
      'intitule : A → B',
      'Session du 6 septembre 2027 au 30 juin 2029 : capacite : 12 → 24',
      'Session du 6 septembre 2027 au 30 juin 2029 remise en ligne',
    ]);
  });
});

describe('« deviendrait non diffusable » (the preview)', () => {
  const regles: ReglesModifiee = {
    introduites: [],
    levees: [],
    catalogue_avant: 'general',
    catalogue_apres: 'non_reglementaire',
  };
  it('only a published offer, diffused today, would stop being diffused', () => {
    expect(devientNonDiffusable({ revision: true, regles })).toBe(true);
    // A draft or an offer awaiting its first validation is not diffused: nothing to stop.
    expect(devientNonDiffusable({ revision: false, regles })).toBe(false);
    expect(
      devientNonDiffusable({ revision: true, regles: { ...regles, catalogue_avant: 'non_reglementaire' } }),
    ).toBe(false);
    expect(devientNonDiffusable({ revision: true })).toBe(false);
  });
});
