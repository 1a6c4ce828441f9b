import { describe, expect, it } from 'vitest';
import { nomsSessions, phraseSessionSimple } from './sessions-noms.ts';

const noms = nomsSessions([{ id: 'se_1', debut: '2027-09-06', fin: '2029-06-30' }]);

describe('phraseSessionSimple', () => {
  it('says a session retirée, remise en ligne or ajoutée by its dates, nothing else', () => {
    expect(phraseSessionSimple('sessions[se_1].archivee', false, true, noms)).toBe(
      'Session du 6 septembre 2027 au 30 juin 2029 retirée',
    );
    expect(phraseSessionSimple('sessions[se_1].archivee', true, false, noms)).toBe(
      'Session du 6 septembre 2027 au 30 juin 2029 remise en ligne',
    );
    expect(phraseSessionSimple('sessions[se_2]', null, { debut: null }, noms)).toBe('Session se_2 ajoutée');
    expect(phraseSessionSimple('sessions[se_1].capacite', 1, 2, noms)).toBeNull();
  });

  it('a revision’s proposal taken back: the session never left nor joined the diffused version', () => {
    expect(phraseSessionSimple('sessions[se_1].archivee', true, false, noms, true)).toBe(
      'Retrait de la session du 6 septembre 2027 au 30 juin 2029 annulé',
    );
    expect(phraseSessionSimple('sessions[se_1].archivee', false, true, noms, true)).toBe(
      'Remise en ligne de la session du 6 septembre 2027 au 30 juin 2029 annulée',
    );
    expect(phraseSessionSimple('sessions[se_1]', null, { debut: null }, noms, true)).toBe(
      'Retrait de la session du 6 septembre 2027 au 30 juin 2029 annulé',
    );
    expect(phraseSessionSimple('sessions[se_2]', { debut: null }, null, noms, true)).toBe(
      'Ajout de la session se_2 annulé',
    );
  });
});
