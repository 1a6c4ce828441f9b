import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import '../config.ts';
import { lireIssue } from './issue-zod.ts';
import { messageChamp } from './message-champ.ts';

// The API's sentence for one refused field (docs/api.md « Erreurs »), from the shared reader: the
// field as the contract writes it, what was expected, what was received. Numbers with a plain
// space (read in JSON, in a terminal), never U+202F.

/** The API's sentence for the first issue of `v` parsed by `schema`, sent as `v` in a JSON body. */
const message = (schema: z.ZodType, v: unknown, parametre = false) => {
  const r = schema.safeParse(v);
  if (r.success) throw new Error('parsed');
  const i = r.error.issues[0]!;
  const chemin = i.path.map(String).join('.');
  let recu: unknown = v;
  for (const s of i.path) recu = (recu as Record<PropertyKey, unknown>)?.[s];
  return messageChamp(lireIssue(i, chemin, recu), parametre);
};
const champ = (schema: z.ZodType) => z.object({ x: schema });

describe('messageChamp: the API’s sentence, each kind of issue', () => {
  it.each([
    [
      'a type',
      champ(z.string()),
      { x: 5 },
      'Le champ « x » doit être un texte (chaîne JSON entre guillemets) ; reçu : le nombre 5.',
    ],
    [
      'a field missing',
      champ(z.string()),
      {},
      'Le champ « x » est obligatoire : un texte (chaîne JSON entre guillemets) est attendu.',
    ],
    [
      'a text too long',
      champ(z.string().max(300)),
      { x: 'x'.repeat(5000) },
      'Le champ « x » ne doit pas dépasser 300 caractères ; reçu : 5 000 caractères.',
    ],
    [
      'one character at most',
      champ(z.string().max(1)),
      { x: 'ab' },
      'Le champ « x » ne doit pas dépasser 1 caractère ; reçu : 2 caractères.',
    ],
    [
      'characters are code points',
      champ(z.string().max(3)),
      { x: '😀😀😀😀' },
      'Le champ « x » ne doit pas dépasser 3 caractères ; reçu : 4 caractères.',
    ],
    [
      'a text too short',
      champ(z.string().min(3)),
      { x: 'ab' },
      'Le champ « x » doit compter au moins 3 caractères ; reçu : 2 caractères.',
    ],
    [
      'a text empty',
      champ(z.string().min(1)),
      { x: '' },
      'Le champ « x » ne doit pas être vide ; reçu : 0 caractère.',
    ],
    [
      'spaces only',
      champ(z.string().trim().min(1)),
      { x: '   ' },
      'Le champ « x » ne doit pas être vide (espaces seuls).',
    ],
    [
      'a list too long',
      champ(z.array(z.string()).max(20)),
      { x: Array(21).fill('a') },
      'Le champ « x » doit compter au plus 20 éléments ; reçu : 21 éléments.',
    ],
    [
      'a list empty',
      champ(z.array(z.string()).min(1)),
      { x: [] },
      'Le champ « x » doit compter au moins 1 élément ; reçu : 0 élément.',
    ],
    [
      'a number too big',
      champ(z.number().max(100_000)),
      { x: 100_001 },
      'Le champ « x » doit être inférieur ou égal à 100 000 ; reçu : le nombre 100001.',
    ],
    [
      'a strict bound',
      champ(z.number().gt(0)),
      { x: -5 },
      'Le champ « x » doit être strictement supérieur à 0 ; reçu : le nombre -5.',
    ],
    [
      'two values',
      champ(z.enum(['a', 'b'])),
      { x: 'c' },
      'Le champ « x » doit valoir « a » ou « b » ; reçu : le texte « c ».',
    ],
    [
      'more values',
      champ(z.enum(['a', 'b', 'c'])),
      { x: 'd' },
      'Le champ « x » doit valoir l’une des valeurs « a », « b » ou « c » ; reçu : le texte « d ».',
    ],
    [
      'a known format',
      champ(z.email()),
      { x: 'zz' },
      'Le champ « x » doit être une adresse électronique (nom@domaine.fr) ; reçu : le texte « zz ».',
    ],
    [
      'another format',
      champ(z.uuid()),
      { x: 'zz' },
      'Le champ « x » n’a pas le format attendu (uuid) ; reçu : le texte « zz ».',
    ],
    [
      'unknown keys',
      z.strictObject({ a: z.string() }),
      { a: 'x', annee: 1, texte: 2 },
      'Le corps de la requête contient un champ inconnu : annee, texte.',
    ],
    [
      'a long text is not echoed',
      champ(z.number()),
      { x: 'y'.repeat(41) },
      'Le champ « x » doit être un nombre ; reçu : un texte de 41 caractères.',
    ],
    [
      'a list is counted',
      champ(z.string()),
      { x: Array(1000).fill(0) },
      'Le champ « x » doit être un texte (chaîne JSON entre guillemets) ; reçu : une liste de 1 000 éléments.',
    ],
    [
      'a multiple',
      champ(z.number().multipleOf(5)),
      { x: 7 },
      'Le champ « x » n’est pas un multiple admis ; reçu : le nombre 7.',
    ],
  ])('%s', (_n, schema, v, attendu) => {
    const m = message(schema, v);
    expect(m).toBe(attendu);
    expect(m).not.toMatch(/\u202f/);
  });

  it('a union: the closest form’s problems', () => {
    const forme = z.union([
      z.object({ statut: z.enum(['publie', 'rejet_publication']) }),
      z.object({ id: z.string(), n: z.number() }),
    ]);
    expect(message(z.array(forme), [{ statut: 'ok' }])).toBe(
      'Le champ « [0] » n’a aucune des formes admises ; la plus proche demande : Le champ « [0].statut » doit valoir « publie » ou « rejet_publication » ; reçu : le texte « ok ».',
    );
  });

  it('a parameter: « Le paramètre », a text bare, a number echoed as written', () => {
    expect(message(champ(z.string()), { x: [] }, true)).toBe(
      'Le paramètre x doit être un texte ; reçu : une liste de 0 élément.',
    );
    expect(message(champ(z.enum(['true', 'false'])), { x: '12' }, true)).toBe(
      'Le paramètre x doit valoir « true » ou « false » ; reçu : 12.',
    );
  });

  it('keeps the schema’s own words, after the field’s name; a whole sentence as is, with what was received', () => {
    expect(message(champ(z.string().regex(/^\d{9}$/, 'SIREN attendu : 9 chiffres.')), { x: 'abc' })).toBe(
      'Le champ « x » est invalide : SIREN attendu : 9 chiffres ; reçu : le texte « abc ».',
    );
    expect(message(champ(z.string().max(2, 'Le paramètre x est trop long.')), { x: 'abc' }, true)).toBe(
      'Le paramètre x est trop long ; reçu : le texte « abc ».',
    );
  });
});
