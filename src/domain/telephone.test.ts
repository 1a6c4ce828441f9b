import { validatePhoneNumberLength } from 'libphonenumber-js/min';
import { describe, expect, it } from 'vitest';
import { isTelephonePossible } from './telephone.ts';

// What libphonenumber decides (the rule: telephone.ts), without the fast path for French numbers.
const selonLibphonenumber = (s: string) => {
  const refus = validatePhoneNumberLength(s, 'FR');
  return refus !== 'NOT_A_NUMBER' && refus !== 'TOO_LONG' && refus !== 'INVALID_COUNTRY';
};

describe('isTelephonePossible', () => {
  it('decides a usual French number as libphonenumber does, on every prefix from 0100 to 0999', () => {
    const differents: string[] = [];
    for (let prefixe = 100; prefixe < 1000; prefixe++)
      for (const sep of ['', ' ', '.'])
        for (const fin of ['000000', '999999', String((prefixe * 7919) % 1_000_000).padStart(6, '0')]) {
          const d = `0${prefixe}${fin}`;
          const s = [d.slice(0, 2), d.slice(2, 4), d.slice(4, 6), d.slice(6, 8), d.slice(8)].join(sep);
          if (isTelephonePossible(s) !== selonLibphonenumber(s)) differents.push(s);
        }
    expect(differents).toEqual([]);
  });

  it('keeps libphonenumber’s answer for the rest', () => {
    const cas = [
      '04 72 00 00 00',
      '04 72',
      '+32 2 123 45 67',
      '+999 12 34',
      '04 72 00 00 00 00 00 00',
      '00 72 00 00 00',
      '04-72-00-00-00',
      '(04) 72 00 00 00',
      '04 72 00 00 00 ext. 12',
      'voir site',
      '',
    ];
    expect(cas.map(isTelephonePossible)).toEqual(cas.map((s) => s !== '' && selonLibphonenumber(s)));
    expect(isTelephonePossible('voir site')).toBe(false);
    expect(isTelephonePossible('04 72 00 00 00')).toBe(true);
  });
});
