import { describe, expect, it } from 'vitest';
import { nomSession, nomsSessions, periodeSession, phraseSessionSimple } from './sessions-noms.ts';

const noms = nomsSessions([{ id: 'se_1', debut: '2027-09-06', fin: '2029-06-30' }]);

describe('periodeSession and nomSession', () => {
  it('give the dates alone, and the session named by them (a missing date « ? », none: null)', () => {
    const s = { debut: '2027-09-01', fin: '2028-06-30' };
    expect(periodeSession(s)).toBe('du 1er septembre 2027 au 30 juin 2028');
    expect(nomSession(s)).toBe('session du 1er septembre 2027 au 30 juin 2028');
    expect(periodeSession({ debut: '2027-09-06', fin: null })).toBe('du 6 septembre 2027 au ?');
    expect(nomSession({ debut: null, fin: '2028-06-30' })).toBe('session du ? au 30 juin 2028');
    expect(periodeSession({ debut: null, fin: null })).toBeNull();
    expect(nomSession({})).toBeNull();
  });
});

describe('phraseSessionSimple', () => {
  it('says a session retirée, remise en ligne or ajoutée by its dates, nothing else', () => {
    expect(phraseSessionSimple('sessions[se_1].archivee', false, true, noms)).toBe(
      'Session du 6 septembre 2027 au 30 juin 2029 retirée',
    );
    expect(phraseSessionSimple('sessions[se_1].archivee', true, false, noms)).toBe(
      'Session du 6 septembre 2027 au 30 juin 2029 remise en ligne',
    );
    expect(phraseSessionSimple('sessions[se_2]', null, { debut: null }, noms)).toBe(
      'Session sans dates ajoutée',
    );
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
      'Ajout de la session sans dates annulé',
    );
  });
});

describe('two sessions with the same dates', () => {
  it('are told apart by the file’s reference when they have one, else by their id (report of 03/12)', () => {
    const memes = { debut: '2027-09-06', fin: '2029-06-30' };
    const noms = nomsSessions([
      { id: 'se_a', cle_externe: 'A1S1', ...memes },
      { id: 'se_b', cle_externe: 'A1S2', ...memes },
      { id: 'se_c', ...memes },
    ]);
    expect(noms.get('se_a')).toBe('session du 6 septembre 2027 au 30 juin 2029 (référence A1S1)');
    expect(noms.get('se_b')).toBe('session du 6 septembre 2027 au 30 juin 2029 (référence A1S2)');
    expect(noms.get('se_c')).toBe('session du 6 septembre 2027 au 30 juin 2029 (référence se_c)');
  });
});
