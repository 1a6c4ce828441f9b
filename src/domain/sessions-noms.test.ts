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
});
