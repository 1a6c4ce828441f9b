import { describe, expect, it } from 'vitest';
import { bornesEvenement, controlesSessionSaisie, erreurUai, sessionEnDouble } from './session-saisie.ts';

const SESSION = { debut: '2026-09-08', fin: '2028-06-19' };

describe('erreurUai', () => {
  it('accepts an empty UAI and a valid one, whatever its case', () => {
    for (const u of [null, undefined, '', '  ', '0693446W', '0693446w', ' 0693446W '])
      expect(erreurUai(u)).toBeNull();
  });
  it('refuses what is not 7 digits and a letter, and a wrong check letter, naming the right one', () => {
    expect(erreurUai('123')).toBe(
      'UAI du lieu de formation : « 123 » doit compter 8 caractères : 7 chiffres et une lettre de contrôle (par exemple 0693446W).',
    );
    expect(erreurUai('06934460')).toMatch(/doit compter 8 caractères/);
    expect(erreurUai('0693446X')).toBe(
      'UAI du lieu de formation : « 0693446X » n’a pas la bonne lettre de contrôle : pour 0693446, c’est W.',
    );
  });
});

describe('bornesEvenement', () => {
  it('puts a réunion d’information up to the session’s end, a bilan up to 2 years after it', () => {
    expect(bornesEvenement('reunions_information', SESSION)).toEqual(['2024-09-08', '2028-06-19']);
    expect(bornesEvenement('bilans', SESSION)).toEqual(['2025-09-08', '2030-06-19']);
  });
  it('keeps to 2000–2100 without the session’s dates, and its start stands for a missing end', () => {
    expect(bornesEvenement('bilans', {})).toEqual(['2000-01-01', '2100-12-31']);
    expect(bornesEvenement('reunions_information', { debut: '2001-02-01' })).toEqual([
      '2000-01-01',
      '2001-02-01',
    ]);
    // 29 February moved to a year without one.
    expect(bornesEvenement('bilans', { debut: '2028-02-29', fin: '2028-02-29' })).toEqual([
      '2027-02-28',
      '2030-02-28',
    ]);
  });
});

describe('controlesSessionSaisie', () => {
  it('finds nothing in a plausible session', () => {
    const s = {
      ...SESSION,
      lieu: { uai: '0693446W', code_postal: '69001', commune: null },
      reunions_information: [{ date: '2026-03-01' }, { date: null }],
      bilans: [{ date: '2027-01-15' }, { date: '2030-06-19' }],
    };
    expect(controlesSessionSaisie(s, { publiee: true })).toEqual([]);
  });

  it('reports every error at once, each on its field, with long French dates', () => {
    const s = {
      debut: '2026-09-08',
      fin: null,
      lieu: { uai: '123', code_postal: ' ', commune: '' },
      reunions_information: [{ date: '2026-03-01' }, { date: '2035-01-01' }],
      bilans: [{ date: '1900-01-01' }],
    };
    const e = controlesSessionSaisie(s, { publiee: true });
    expect(e.map((x) => x.champ)).toEqual([
      'lieu.uai',
      'fin',
      'lieu.code_postal',
      'reunions_information.1.date',
      'bilans.0.date',
    ]);
    expect(e[1]!.message).toBe('Date de fin : obligatoire pour une session d’une formation publiée.');
    // No place: what « Publier » would refuse later, said now with the rest.
    expect(e[2]!.message).toBe(
      'Code postal : obligatoire pour une session d’une formation publiée (le code postal ou la commune du lieu).',
    );
    // Without an end, the start bounds the réunions.
    expect(e[3]!.message).toBe(
      'Réunion d’information 2 : le 1er janvier 2035 n’est pas une date plausible pour cette session ' +
        '(entre le 8 septembre 2024 et le 8 septembre 2026 : une réunion d’information précède ou accompagne la session).',
    );
    expect(e[4]!.message).toMatch(
      /^Bilan de progression 1 : le 1er janvier 1900 n’est pas une date plausible/,
    );
  });

  it('lets a draft’s session go without dates, and refuses an end before the start', () => {
    expect(controlesSessionSaisie({ debut: null, fin: null }, { publiee: false })).toEqual([]);
    expect(controlesSessionSaisie({ debut: null, fin: null }, { publiee: true }).map((x) => x.champ)).toEqual(
      ['debut', 'fin', 'lieu.code_postal'],
    );
    expect(controlesSessionSaisie({ debut: '2026-09-01', fin: '2026-01-01' }, { publiee: false })).toEqual([
      {
        champ: 'fin',
        message: 'Date de fin : le 1er janvier 2026 doit suivre la date de début (1er septembre 2026).',
      },
    ]);
  });
});

describe('a session added twice (sessionEnDouble)', () => {
  const lyon = { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' };
  const s = { debut: '2027-09-06', fin: '2029-06-30', lieu: lyon };

  it('finds the session with the same days and place, case, accents and spaces ignored', () => {
    const existantes = [
      { ...s, debut: '2027-09-01', id: 'a' },
      { ...s, id: 'b' },
    ];
    expect(sessionEnDouble(s, existantes)?.id).toBe('b');
    expect(
      sessionEnDouble(
        { ...s, lieu: { adresse: ' 1 RUE de la paix ', code_postal: '69 001', commune: 'LYON' } },
        [{ ...s, lieu: { ...lyon, code_insee: null } }],
      ),
    ).toBeDefined();
  });

  it('finds none for other days, another address or another commune', () => {
    expect(sessionEnDouble(s, [{ ...s, fin: '2029-07-01' }])).toBeUndefined();
    expect(sessionEnDouble(s, [{ ...s, lieu: { ...lyon, adresse: '2 rue de la Paix' } }])).toBeUndefined();
    expect(sessionEnDouble(s, [{ ...s, lieu: { ...lyon, code_insee: '69382' } }])).toBeUndefined();
    expect(sessionEnDouble(s, [])).toBeUndefined();
  });

  // PRODUCT.md (conventionné offer): « a new market on an existing action is a new session ».
  it('finds none for another market number, one when the market is the same or unknown on one side', () => {
    const marche = { ...s, numero_marche: 'M1451401' };
    expect(sessionEnDouble({ ...s, numero_marche: 'M1451402' }, [marche])).toBeUndefined();
    expect(sessionEnDouble({ ...s, numero_marche: 'm 145 1401' }, [marche])).toBeDefined();
    expect(sessionEnDouble(s, [marche])).toBeDefined();
    expect(sessionEnDouble({ ...s, numero_marche: 'M1451402' }, [s])).toBeDefined();
  });
});
