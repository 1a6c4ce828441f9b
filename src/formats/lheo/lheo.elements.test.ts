import { describe, expect, it } from 'vitest';
import { Ctx, type LheoAvertissement } from './lheo.elements.ts';

// LHEO 2.3 limits objectif-formation and contenu-formation to 3,000 characters (XSD maxLength):
// a longer text is cut, with a warning. The cut falls on a whole word when the text has one near
// the limit, and never inside a character (a surrogate pair, a letter and its accent).

const texteDe = (xml: string | null) => /^<[^>]+>([\s\S]*)<\/[^>]+>$/.exec(xml ?? '')?.[1] ?? '';
const coupe = (v: string) => {
  const avertissements: LheoAvertissement[] = [];
  const texte = texteDe(new Ctx('F1', (w) => avertissements.push(w)).text('objectif-formation', v, 3000));
  return { texte, avertissements };
};

describe('a text cut to the LHEO length', () => {
  it('keeps a text of 3,000 characters whole, without a warning', () => {
    const v = 'a'.repeat(3000);
    expect(coupe(v)).toEqual({ texte: v, avertissements: [] });
  });

  it('cuts a longer text after its last whole word, and warns', () => {
    const { texte, avertissements } = coupe('abcdefghij '.repeat(400)); // 4,399 characters once trimmed
    expect(Array.from(texte).length).toBeLessThanOrEqual(3000);
    expect(texte).toMatch(/ abcdefghij$/);
    expect(avertissements).toEqual([
      {
        formation: 'F1',
        champ: 'objectif-formation',
        message: 'objectif-formation tronqué à 3000 caractères (4399 dans Offre).',
      },
    ]);
  });

  it('never splits a surrogate pair nor a letter from its accent', () => {
    const emojis = coupe('😀'.repeat(3500)).texte;
    expect(emojis).toBe('😀'.repeat(3000));
    expect(emojis).not.toMatch(/[\uD800-\uDFFF]/u); // no lone surrogate
    // « é » written as « e » and a combining acute accent: two code points, one character.
    const accents = coupe(`x${'e\u0301'.repeat(2000)}`).texte;
    expect(Array.from(accents).length).toBeLessThanOrEqual(3000);
    expect(accents.endsWith('e\u0301')).toBe(true);
    expect(accents).toBe(`x${'e\u0301'.repeat(1499)}`);
  });
});
