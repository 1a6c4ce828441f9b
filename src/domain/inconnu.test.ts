import { describe, expect, it } from 'vitest';
import { codeLieuConnu, connu, isInconnu, MOTS_INCONNUS } from './inconnu.ts';

describe('placeholders (issue 11, item 8)', () => {
  it('recognises what real exports write for "unknown"', () => {
    for (const v of [
      '-',
      ' -- ',
      '.',
      '?',
      'N/A',
      'NR',
      'nc',
      'Non renseigné',
      'NON RENSEIGNEE',
      'non communiqué',
      'Inconnu',
      'Néant',
      '00000000000000',
      '99999999999',
      '00000000000',
      '00000',
      '00 00 00 00 00',
      '0000000A',
    ])
      expect([v, isInconnu(v)]).toEqual([v, true]);
  });

  it('leaves real values, including short numbers and names with a dash', () => {
    for (const v of [
      'CFA Lumière',
      'Saint-Étienne',
      '13002526500013',
      '84691234569',
      '0690001A',
      '69001',
      '0472000000',
      'NA Formation',
      '2',
      '',
    ])
      expect([v, isInconnu(v)]).toEqual([v, false]);
    expect(isInconnu(null)).toBe(false);
  });

  it('finds the words under any spacing, case or accent form, and no word in a long text', () => {
    for (const v of [
      'Non          renseigné',
      'NON\t\n  RENSEIGNÉES.',
      'Ne\u0301ant', // decomposed accent
      'I\u0302nconnu',
      'Ñ/A',
      '. 0 0 0 0 0',
      'u\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301ndefined',
    ])
      expect([v, isInconnu(v)]).toEqual([v, true]);
    for (const v of [
      'Non renseigné dans le dossier de la formation',
      'Inconnu au bataillon, mais formateur',
      'Objectif : '.repeat(500),
      '9 rue de la Paix',
      'Université',
      'non renseigneesx',
    ])
      expect([v, isInconnu(v)]).toEqual([v, false]);
  });

  it('agrees with the definition (no shortcut) on generated texts', () => {
    const definition = (v: string) => {
      const s = v.trim();
      if (s === '') return false;
      if (/^[-–—_.?/*\s]+$/.test(s)) return true;
      const compact = s.replace(/[\s.]/g, '');
      if (/^(?:0{5,}|9{5,})$/.test(compact) || /^0{7}[a-z]$/i.test(compact)) return true;
      const mot = s
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/\s+/g, ' ')
        .replace(/\.$/, '');
      return MOTS_INCONNUS.has(mot);
    };
    // Pieces of the words, of identifiers and of real texts, in several case and accent forms.
    const pieces = [
      'N',
      'on',
      ' ',
      '\t',
      'RENSEIGN',
      'é',
      'e\u0301',
      'es',
      '.',
      '0',
      '9',
      'A',
      'ñ',
      '/',
      'c',
      'r',
      'd',
      'x',
      'É',
      '\u0301',
      'I',
      'nconnu',
      'ull',
      'U',
    ];
    let graine = 7;
    const hasard = (n: number) => {
      graine = (graine * 1103515245 + 12345) % 2 ** 31;
      return graine % n;
    };
    let placeholders = 0;
    for (let i = 0; i < 50_000; i++) {
      const v = Array.from({ length: 1 + hasard(14) }, () => pieces[hasard(pieces.length)]).join('');
      expect([v, isInconnu(v)]).toEqual([v, definition(v)]);
      if (definition(v)) placeholders++;
    }
    expect(placeholders).toBeGreaterThan(100);
    for (const w of ['Non Renseigné', 'NÉANT.', 'N / A', 'n.c.', 'Non  renseignées'])
      expect([w, isInconnu(w)]).toEqual([w, definition(w)]);
  });

  it('connu() trims and empties placeholders', () => {
    expect(connu('  CFA  ')).toBe('CFA');
    expect(connu(' - ')).toBeNull();
    expect(connu('')).toBeNull();
  });

  it('reads an identifier made of 0s or 9s as the definition does, dots and whitespace dropped', () => {
    // The definition, as written before it was matched in place.
    const identifiant = (s: string) => {
      const compact = s.replace(/[\s.]/g, '');
      return /^(?:0{5,}|9{5,})$/.test(compact) || /^0{7}[a-z]$/i.test(compact);
    };
    // Runs of one digit between dots and whitespace, sometimes with one other character.
    const separateurs = [' ', '.', '\t', '\u00a0', '  '];
    const intrus = ['a', 'Z', 'é', '1', '-', '9', '0', '0'];
    let graine = 7;
    const hasard = (n: number) => {
      graine = (graine * 48271) % 2147483647;
      return graine % n;
    };
    const differents: string[] = [];
    let identifiants = 0;
    for (let i = 0; i < 20_000; i++) {
      const chiffre = hasard(2) ? '0' : '9';
      const morceaux: string[] = [];
      for (let k = 3 + hasard(9); k > 0; k--)
        morceaux.push(hasard(3) ? chiffre : separateurs[hasard(separateurs.length)]!);
      if (hasard(2)) morceaux.splice(hasard(morceaux.length + 1), 0, intrus[hasard(intrus.length)]!);
      const s = morceaux.join('').trim();
      if (s === '' || !/^[09.]/.test(s) || /^[-–—_.?/*\s]+$/.test(s)) continue;
      if (identifiant(s)) identifiants++;
      if (isInconnu(s) !== identifiant(s)) differents.push(s);
    }
    expect(identifiants).toBeGreaterThan(1000);
    for (const s of [
      '0000000A',
      '0 000 000 a',
      '00000',
      '9.9.9.9.9',
      '0000',
      '00 00 00 00 01',
      '04 72 00 00 00',
    ])
      if (isInconnu(s) !== identifiant(s)) differents.push(s);
    expect(differents).toEqual([]);
  });
});

describe('codeLieuConnu: the postal and INSEE codes of a place (fresh user 05/12/2026, M2)', () => {
  it('keeps a run of 9s, a code no commune has, for the rule LIEU_COMMUNE to report', () => {
    for (const v of ['99999', ' 99999 ', '99 999']) expect(codeLieuConnu(v), v).toBe(v.trim());
  });
  it('reads LHEO’s unknown postal code and the words of connu as unknown; keeps real codes', () => {
    for (const v of ['00000', '0 0000', 'NR', 'Non renseigné', '-', '', '  ', null, undefined])
      expect(codeLieuConnu(v), String(v)).toBeNull();
    for (const v of ['53000', '2A004', '97411', '09000', '90000']) expect(codeLieuConnu(v), v).toBe(v);
  });
});
