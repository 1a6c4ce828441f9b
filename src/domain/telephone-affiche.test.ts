import { describe, expect, it } from 'vitest';
import { telephoneAffiche } from './telephone-affiche.ts';

describe('telephoneAffiche', () => {
  it('shows a French number in the national format with a tel: link in E.164, however typed', () => {
    for (const tape of [
      '0612345678',
      '+33 6 12 34 56 78',
      '06.12.34.56.78',
      '0033 6 12 34 56 78',
      '+33 (0)6 12 34 56 78',
    ])
      expect([tape, telephoneAffiche(tape)]).toEqual([
        tape,
        { texte: '06 12 34 56 78', href: 'tel:+33612345678' },
      ]);
  });

  it('gives an overseas number its own country code, typed nationally or with the code', () => {
    const cas: [string, string, string][] = [
      ['0262 12 34 56', '0262 12 34 56', 'tel:+262262123456'],
      ['0692123456', '0692 12 34 56', 'tel:+262692123456'],
      ['+262 692 12 34 56', '0692 12 34 56', 'tel:+262692123456'],
      ['0269 61 23 45', '0269 61 23 45', 'tel:+262269612345'],
      ['0590 12 34 56', '0590 12 34 56', 'tel:+590590123456'],
      ['+590 690 12 34 56', '0690 12 34 56', 'tel:+590690123456'],
      ['0596 61 23 45', '0596 61 23 45', 'tel:+596596612345'],
      ['0696.12.34.56', '0696 12 34 56', 'tel:+596696123456'],
      ['0594 12 34 56', '0594 12 34 56', 'tel:+594594123456'],
      ['06 94 12 34 56', '0694 12 34 56', 'tel:+594694123456'],
    ];
    for (const [tape, texte, href] of cas)
      expect([tape, telephoneAffiche(tape)]).toEqual([tape, { texte, href }]);
  });

  it('shows a foreign number in its international format', () => {
    expect(telephoneAffiche('+269 773 12 34')).toEqual({ texte: '+269 773 12 34', href: 'tel:+2697731234' });
    expect(telephoneAffiche('+32 2 123 45 67')).toEqual({
      texte: '+32 2 123 45 67',
      href: 'tel:+3221234567',
    });
  });

  it('shows what is not a complete number as typed, without a link', () => {
    for (const tape of ['voir site', '04 72', 'standard : 04 72', ' 12 '])
      expect(telephoneAffiche(tape)).toEqual({ texte: tape.trim(), href: null });
  });
});
