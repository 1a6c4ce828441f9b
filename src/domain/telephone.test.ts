import { validatePhoneNumberLength } from 'libphonenumber-js/min';
import { describe, expect, it } from 'vitest';
import { isTelephonePossible, numeroTelephone } from './telephone.ts';

// isTelephonePossible answers the usual French writing without libphonenumber: the same answer.

const libphonenumber = (s: string) => {
  return validatePhoneNumberLength(s, 'FR') === undefined;
};

describe('telephone numbers', () => {
  it('answers 0 and nine digits, in pairs or not, as libphonenumber does', () => {
    let graine = 42;
    const hasard = () => {
      graine = (graine * 1_103_515_245 + 12_345) % 2_147_483_648;
      return graine;
    };
    const nombres: string[] = [];
    for (let premier = 1; premier <= 9; premier++)
      for (let i = 0; i < 300; i++) {
        const chiffres = `0${premier}${String(hasard() % 100_000_000).padStart(8, '0')}`;
        const sep = ['', ' ', '.'][i % 3]!;
        nombres.push(chiffres.replace(/(\d{2})(?=\d)/g, `$1${sep}`));
      }
    // Every French overseas prefix and the special numbers, written with spaces.
    for (const p of ['0590', '0594', '0596', '0262', '0269', '0508', '0800', '0899', '0970'])
      nombres.push(`${p}123456`.replace(/(\d{2})(?=\d)/g, '$1 '));
    for (const n of nombres) expect([n, isTelephonePossible(n)]).toEqual([n, libphonenumber(n)]);
    expect(nombres.every((n) => isTelephonePossible(n))).toBe(true);
    // Near the shortcut, answered by libphonenumber: an 11th digit, 00, separators it may not join.
    const voisins = [
      '04 72 00 00 00 1',
      '04 72 00 00 00 00',
      '047200000000',
      '00 72 00 00 00 00',
      '0472000000000',
      '04  72 00 00 00',
      '04 72 00 00',
    ];
    for (const n of voisins) expect([n, isTelephonePossible(n)]).toEqual([n, libphonenumber(n)]);
    expect(isTelephonePossible('04 72 00 00 00 00 00 00')).toBe(false);
  });

  it('still refuses what holds no number, has too many digits or an unknown country code', () => {
    for (const n of ['voir site', '04 72 00 00 00 00 00 00', '+999 1 23 45 67', '', null])
      expect(isTelephonePossible(n)).toBe(false);
    for (const n of ['+32 2 123 45 67', '04-72-00-00-00', '(04) 72 00 00 00 ext. 12'])
      expect(isTelephonePossible(n)).toBe(true);
  });

  // A fresh user's report (07/12): « 12 » and « 01 23 » were accepted as contact numbers.
  it('refuses too few digits for the number’s plan (French by default): « 12 », « 01 23 », « 04 72 »', () => {
    for (const n of ['12', '01 23', '04 72', '04 72 00 00', '0 4 7 2', '+33 4 72', '+32 2 123'])
      expect([n, isTelephonePossible(n)]).toEqual([n, false]);
  });

  // A fresh user's report (07/12): « 04 74 38 01 9 », one digit short, was accepted. libphonenumber
  // keeps a trunk 0 as a digit of the number when what follows it is too short for the plan, and
  // 0 + eight digits then counted as the nine digits of a French number.
  it('refuses a French number one digit short, its trunk 0 not counted as a digit', () => {
    for (const n of [
      '04 74 38 01 9',
      '047438019',
      '04.74.38.01.9',
      '0 4 7 4 3 8 0 1 9',
      '04 74 38 01 9 ext. 12',
      '+33 04 74 38 01 9',
      '+33 (0)4 74 38 01 9',
      '0033 04 74 38 01 9',
      '+33 4 74 38 01 9',
      '0262 12 34 5',
      '0590 12 34 5',
      '0696 12 34 5',
      '+262 0262 12 34 5',
      '+590 0590 12 34 5',
    ])
      expect([n, isTelephonePossible(n)]).toEqual([n, false]);
    // Not a number either: « 00 00 00 00 00 » is a placeholder, an unknown value that every
    // channel leaves aside before this check (src/domain/inconnu.ts).
    expect(isTelephonePossible('0000000000')).toBe(false);
  });

  it('keeps accepting every possible number, new ranges and fictitious ones included (not « valid »)', () => {
    for (const n of [
      '04 72 00 00 00',
      '0102030405',
      '01 23 45 67 89',
      '06 12 34 56 78',
      '07 00 00 00 00',
      '09 99 99 99 99',
      '0262 12 34 56',
      '0590 12 34 56',
      '0696 12 34 56',
      '+262 262 12 34 56',
      '+262 0262 12 34 56',
      '+590 590 12 34 56',
      '04 74 38 01 90',
      '+33 4 74 38 01 90',
      '+33 04 74 38 01 90',
      '+33 (0)2 43 78 80 26',
      '0033 2 43 78 80 26',
      '+1 202 555 0100',
      '+44 20 7946 0958',
      '+32 2 123 45 67',
    ])
      expect([n, isTelephonePossible(n)]).toEqual([n, true]);
  });
});

describe('the number a telephone writes', () => {
  it('is the same for every writing of one number, French numbers in their national form', () => {
    for (const s of [
      '02 43 78 80 26',
      '0243788026',
      '02.43.78.80.26',
      '02-43-78-80-26',
      ' 02 43 78 80 26 ',
      '+33 2 43 78 80 26',
      '+33 (0)2 43 78 80 26',
      '0033 2 43 78 80 26',
      '+33243788026',
    ])
      expect([s, numeroTelephone(s)]).toEqual([s, '0243788026']);
    expect(numeroTelephone('+32 2 123 45 67')).toBe('+3221234567');
    expect(numeroTelephone('0032 2 123 45 67')).toBe('+3221234567');
  });

  it('tells two numbers apart, and has none without a digit', () => {
    expect(numeroTelephone('02 43 78 80 27')).not.toBe(numeroTelephone('02 43 78 80 26'));
    expect(numeroTelephone('+32 2 43 78 80 26')).not.toBe(numeroTelephone('02 43 78 80 26'));
    for (const s of ['', null, undefined, 'voir site']) expect(numeroTelephone(s)).toBeNull();
  });
});
