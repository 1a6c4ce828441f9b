// Characters a stored text may not hold, on every channel (API, forms, LHEO, workbook): the
// invisible bidirectional controls (U+202A–U+202E, U+2066–U+2069), which make a title read
// otherwise than it is stored (« Trojan Source »), and the control characters (C0, DEL, C1). A
// one-line field (intitulé, names, codes, addresses…) refuses them all; a description (objectif,
// contenu) keeps its line breaks and tabulations. The NUL character and lone surrogates are
// refused earlier, at the door of every route (src/http/plugins/caracteres.plugin.ts).

const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
/** C0 controls, DEL and C1 controls (U+0080–U+009F); line breaks and tabulations apart. */
const controle = (code: number, multiligne: boolean) =>
  (code < 0x20 || (code >= 0x7f && code <= 0x9f)) &&
  !(multiligne && (code === 9 || code === 10 || code === 13));

const NOMS: Readonly<Record<string, string>> = {
  '\n': 'un retour à la ligne',
  '\r': 'un retour chariot',
  '\t': 'une tabulation',
  '\u202A': 'un caractère invisible de mise en forme (U+202A, incorporation de gauche à droite)',
  '\u202B': 'un caractère invisible de mise en forme (U+202B, incorporation de droite à gauche)',
  '\u202C': 'un caractère invisible de mise en forme (U+202C, fin d’incorporation)',
  '\u202D': 'un caractère invisible de mise en forme (U+202D, forçage de gauche à droite)',
  '\u202E': 'un caractère invisible de mise en forme (U+202E, forçage de droite à gauche)',
  '\u2066': 'un caractère invisible de mise en forme (U+2066, isolement de gauche à droite)',
  '\u2067': 'un caractère invisible de mise en forme (U+2067, isolement de droite à gauche)',
  '\u2068': 'un caractère invisible de mise en forme (U+2068, isolement neutre)',
  '\u2069': 'un caractère invisible de mise en forme (U+2069, fin d’isolement)',
};

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * The first forbidden character of `s`, in words (« un retour à la ligne », « un caractère
 * invisible de mise en forme (U+202E, …) »), or null. `multiligne`: line breaks and tabulations allowed.
 */
export function caractereInterdit(s: string, multiligne = false): string | null {
  const bidi = BIDI.exec(s)?.[0];
  if (bidi) return NOMS[bidi]!;
  for (let i = 0; i < s.length; i++)
    if (controle(s.charCodeAt(i), multiligne))
      return NOMS[s[i]!] ?? `un caractère de contrôle invisible (${codePoint(s[i]!)})`;
  return null;
}

/**
 * The sentence of a refused text, read after the field's name (« Le champ « intitule » est invalide
 * : … »): what was found and what to do.
 */
export const messageCaractere = (trouve: string, multiligne = false) =>
  multiligne
    ? `${trouve} n’est pas accepté ; retirez ce caractère (souvent venu d’un copier-coller)`
    : `${trouve} n’a pas sa place dans un champ d’une ligne ; retirez ce caractère (souvent venu d’un copier-coller)`;

/**
 * `s` on one line: each line break or tabulation, with the spaces around it, becomes one space.
 * For the files people fill by hand (a workbook cell typed with Alt+Entrée, an LHEO element wrapped
 * by its editor), where a break in a one-line field is layout, not content; the API and the forms
 * refuse it instead (caractereInterdit), their one-line fields cannot hold one when typed.
 */
export const surUneLigne = (s: string): string => s.replace(/[ ]*[\t\r\n][\s]*/g, ' ');
