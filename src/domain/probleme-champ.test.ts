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
    ['a list sent as a number', z.array(z.string()), 3, 'une liste attendue, reçu 3'],
    ['a text missing', z.string(), undefined, 'à renseigner : un texte attendu'],
    ['an e-mail', z.email(), 'zz', 'une adresse électronique attendue (nom@domaine.fr), reçu « zz »'],
    ['a pattern', z.string().regex(/^\d+$/), 'ab', 'format non reconnu, reçu « ab »'],
  ])('%s', (_n, schema, v, attendu) => {
    const [p] = problemes(schema, v);
    expect(p).toBe(attendu);
    expect(p).not.toMatch(ZOD);
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
