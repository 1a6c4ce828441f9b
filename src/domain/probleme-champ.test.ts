import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import '../config.ts';
import { messageDeIssue, problemeDeIssue } from './probleme-champ.ts';

// A tester's report (05/12, LOW): an LHEO intitulé over 300 characters was refused with « champ
// intitule : Trop grand : chaîne de caractères doit avoir <=300 caractères. » — Zod's own wording.
// Size, type and format problems now read as the form's messages: « Intitulé : 5 000 caractères,
// 300 au plus. »

const ZOD = /Trop (grand|petit)|Entrée invalide|<=|>=|chaîne de caractères|tableau/;
/** The problem of each issue of `v` parsed by `schema`. */
const problemes = (schema: z.ZodType, v: unknown) => {
  const r = schema.safeParse(v, { reportInput: true });
  if (r.success) throw new Error('parsed');
  return r.error.issues.map((i) => problemeDeIssue(i as never).replace(/\s/g, ' '));
};

describe('problemeDeIssue: size, type and format in plain French', () => {
  it.each([
    ['a text too long', z.string().max(300), 'x'.repeat(5000), '5 000 caractères, 300 au plus'],
    ['a text too short', z.string().min(3), 'ab', '2 caractères, 3 au moins'],
    ['a text empty', z.string().min(1), '', 'vide, à renseigner'],
    ['a number too big', z.number().max(5), 7, '7, 5 au plus'],
    ['a number too small', z.number().min(0), -1, '-1, 0 au moins'],
    ['a list too long', z.array(z.number()).max(10), Array(11).fill(1), '11 éléments, 10 au plus'],
    ['a list too short', z.array(z.number()).min(2), [1], '1 élément, 2 au moins'],
    ['a list empty', z.array(z.number()).min(1), [], 'liste vide, un élément au moins'],
    ['a number sent as text', z.number(), 'deux', 'un nombre attendu, reçu le texte « deux »'],
    ['a list sent as a number', z.array(z.string()), 3, 'une liste attendue, reçu le nombre 3'],
    ['a text missing', z.string(), undefined, 'à renseigner : un texte attendu'],
    ['a boolean', z.boolean(), 'oui', 'oui ou non attendu, reçu le texte « oui »'],
    [
      'a long text is not echoed',
      z.number(),
      'y'.repeat(41),
      'un nombre attendu, reçu un texte de 41 caractères',
    ],
    ['characters are code points', z.string().max(3), '😀😀😀😀', '4 caractères, 3 au plus'],
    ['a strict bound', z.number().gt(0), -5, '-5, plus de 0'],
    ['a strict bound above', z.number().lt(5), 7, '7, moins de 5'],
    ['a value not allowed', z.enum(['a', 'b']), 'c', 'valeur non prévue, « a » ou « b » attendue'],
    [
      'unknown keys',
      z.strictObject({ a: z.string() }),
      { a: 'x', annee: 1, texte: 2 },
      'champs inconnus : annee, texte',
    ],
    [
      'an e-mail',
      z.email(),
      'zz',
      'une adresse électronique attendue (nom@domaine.fr), reçu le texte « zz »',
    ],
    ['a pattern', z.string().regex(/^\d+$/), 'ab', 'format non reconnu, reçu le texte « ab »'],
  ])('%s', (_n, schema, v, attendu) => {
    const [p] = problemes(schema, v);
    expect(p).toBe(attendu);
    expect(p).not.toMatch(ZOD);
  });

  it('writes numbers as French readers do, U+202F between the groups', () => {
    const r = z.string().max(300).safeParse('x'.repeat(5000), { reportInput: true });
    if (r.success) throw new Error('parsed');
    expect(problemeDeIssue(r.error.issues[0]!)).toBe('5\u202f000 caractères, 300 au plus');
  });

  it('keeps a message the schema wrote itself', () => {
    expect(problemes(z.string().max(3, 'trois lettres au plus, comme un code pays'), 'abcd')).toEqual([
      'trois lettres au plus, comme un code pays',
    ]);
  });
});

describe('messageDeIssue', () => {
  it('« Libellé : problème. », as the form’s erreurChamp', () => {
    const r = z.string().max(300).safeParse('x'.repeat(5000), { reportInput: true });
    if (r.success) throw new Error('parsed');
    expect(messageDeIssue('Intitulé', r.error.issues[0] as never).replace(/\s/g, ' ')).toBe(
      'Intitulé : 5 000 caractères, 300 au plus.',
    );
  });
});
