import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import '../config.ts';
import { type Lecture, lireIssue, longueur, nomDuChamp, valeurEn } from './issue-zod.ts';

// The one reader of a Zod issue: what it says (field, kind, bound, what was sent, values allowed),
// whatever renders it afterwards (the forms' words, the API's sentences).

/** What each issue of `v` parsed by `schema` says. */
const lire = (schema: z.ZodType, v: unknown): Lecture[] => {
  const r = schema.safeParse(v, { reportInput: true });
  if (r.success) throw new Error('parsed');
  return r.error.issues.map((i) => lireIssue(i));
};
const premier = (schema: z.ZodType, v: unknown) => lire(schema, v)[0]!;

describe('lireIssue: what a Zod issue says', () => {
  it('the field, dotted as erreurs[].champ', () => {
    const l = premier(z.object({ sessions: z.array(z.object({ debut: z.string() })) }), {
      sessions: [{ debut: 5 }],
    });
    expect(l).toMatchObject({ chemin: 'sessions.0.debut', recu: 5, propre: undefined });
    expect(nomDuChamp(l.chemin)).toBe('sessions[0].debut');
  });

  it('a type: what was expected, absent when nothing was sent', () => {
    expect(premier(z.number(), 'deux')).toMatchObject({ probleme: { type: 'type', attendu: 'number' } });
    expect(premier(z.object({ a: z.string() }), {})).toMatchObject({
      chemin: 'a',
      recu: undefined,
      probleme: { type: 'type', attendu: 'string' },
    });
  });

  it('a text too long: the bound and the size sent, in code points as Zod counts them', () => {
    expect(premier(z.string().max(300), 'x'.repeat(5000)).probleme).toEqual({
      type: 'borne',
      sens: 'max',
      limite: 300,
      strict: false,
      unite: 'caractere',
      taille: 5000,
      vide: false,
    });
    // 4 emoji are 8 UTF-16 units: Zod refuses them past 3 characters, and so the reader counts 4.
    expect(premier(z.string().max(3), '😀😀😀😀').probleme).toMatchObject({ limite: 3, taille: 4 });
  });

  it('a list: elements; empty when the minimum is one', () => {
    expect(premier(z.array(z.number()).max(10), Array(11).fill(1)).probleme).toMatchObject({
      sens: 'max',
      unite: 'element',
      limite: 10,
      taille: 11,
    });
    expect(premier(z.array(z.number()).min(1), []).probleme).toMatchObject({ sens: 'min', vide: true });
    expect(premier(z.string().min(1), '').probleme).toMatchObject({ unite: 'caractere', vide: true });
    expect(premier(z.string().min(3), 'ab').probleme).toMatchObject({ limite: 3, taille: 2, vide: false });
  });

  it('a number: no unit; a strict bound stays strict, a count’s is made inclusive', () => {
    expect(premier(z.number().max(5), 7).probleme).toMatchObject({
      limite: 5,
      strict: false,
      unite: undefined,
    });
    expect(premier(z.number().lt(5), 7).probleme).toMatchObject({ limite: 5, strict: true });
    expect(premier(z.number().gt(0), 0).probleme).toMatchObject({ sens: 'min', limite: 0, strict: true });
    expect(premier(z.bigint().lt(5n), 7n).probleme).toMatchObject({ limite: 4, strict: false });
  });

  it('a format, the values allowed, unknown keys', () => {
    expect(premier(z.email(), 'zz').probleme).toEqual({ type: 'format', format: 'email' });
    expect(premier(z.enum(['a', 'b']), 'c').probleme).toEqual({ type: 'valeur', valeurs: ['a', 'b'] });
    expect(premier(z.literal([1, true, null]), 'c').probleme).toEqual({
      type: 'valeur',
      valeurs: ['1', 'true', 'null'],
    });
    expect(premier(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 }).probleme).toEqual({
      type: 'inconnu',
      cles: ['b', 'c'],
    });
  });

  it('a union: the problems of the closest form, each at its own field', () => {
    const forme = z.union([
      z.object({ statut: z.literal('publie') }),
      z.object({ id: z.string(), n: z.number() }),
    ]);
    const l = premier(z.array(forme), [{ statut: 'ok' }]);
    expect(l.chemin).toBe('0');
    expect(l.probleme).toMatchObject({
      type: 'union',
      proche: [{ chemin: '0.statut', recu: 'ok', probleme: { type: 'valeur', valeurs: ['publie'] } }],
    });
  });

  it('keeps a message the schema wrote, never Zod’s locale’s', () => {
    expect(premier(z.string().max(3, 'trois lettres au plus'), 'abcd').propre).toBe('trois lettres au plus');
    expect(premier(z.string().max(3), 'abcd').propre).toBeUndefined();
    expect(premier(z.coerce.number().int(), 'abc').propre).toBeUndefined();
  });

  it('reads the value at a path of a raw body', () => {
    expect(valeurEn({ a: [{ b: 3 }] }, 'a.0.b')).toBe(3);
    expect(valeurEn({ a: 'x' }, 'a.0.b')).toBeUndefined();
  });
});

describe('longueur: code points, as Zod counts them', () => {
  it('counts as [...s].length does, lone surrogates included', () => {
    const textes = [
      '',
      'abc',
      'Église',
      '😀',
      'a😀b😀',
      'e\u0301',
      '\ud83d',
      '\ude00',
      'x\ud83dy',
      '\ude00\ud83d',
      '\ud83d\ud83d\ude00',
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ',
    ];
    for (const t of textes) expect(longueur(t), JSON.stringify(t)).toBe([...t].length);
    for (let i = 0; i < 200; i++) {
      const t = String.fromCharCode(
        ...Array.from(
          { length: 1 + (i % 9) },
          (_, j) => [0x61, 0xd83d, 0xde00, 0xdbff, 0xdc00, 0x20][(i * 7 + j * 3) % 6]!,
        ),
      );
      expect(longueur(t), JSON.stringify(t)).toBe([...t].length);
    }
  });
});
