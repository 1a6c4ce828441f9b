import { describe, expect, it } from 'vitest';
import { changementsRapportes, ligneChangement } from './lheo.rapport.ts';

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
