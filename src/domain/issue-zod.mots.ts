import { longueur, type Unite } from './issue-zod.ts';
import { accord } from './pluriel.ts';

// The words both renderings of a Zod issue share (probleme-champ.ts for the forms and files,
// message-champ.ts for the API): what a type or a format expects, what was sent, values in quotes.
// Numbers are written by the caller's `ecrire`: nombre (U+202F) on a page or in a report,
// nombreBrut (a plain space) in the API's JSON.

/** Writes a number the way the rendering's readers read it (nombres.ts). */
export type Ecrire = (n: number) => string;

/**
 * What a type or a format expects: in words (`mots`, forms and files), as JSON writes it (`json`,
 * the API, when it differs), the participle's agreement (« attendu », « attendue », « attendues »)
 * and an example of the shape.
 */
export interface Attendu {
  readonly mots?: string;
  readonly json?: string;
  readonly accord?: '' | 'e' | 'es';
  readonly exemple?: string;
}

/** By Zod's `expected`. */
export const ATTENDU_TYPE: Readonly<Record<string, Attendu>> = {
  number: { mots: 'un nombre' },
  int: { mots: 'un nombre entier' },
  string: { mots: 'un texte', json: 'un texte (chaîne JSON entre guillemets)' },
  boolean: { mots: 'oui ou non', json: 'true ou false' },
  array: { mots: 'une liste', json: 'une liste [ … ]', accord: 'e' },
  object: { mots: 'un ensemble de champs', json: 'un objet { … }' },
  date: { mots: 'une date', accord: 'e' },
  null: { json: 'null' },
};

/** By Zod's `format` (z.email(), z.url(), z.iso.date()…). */
export const ATTENDU_FORMAT: Readonly<Record<string, Attendu>> = {
  email: { mots: 'une adresse électronique', accord: 'e', exemple: 'nom@domaine.fr' },
  url: { mots: 'une adresse web', accord: 'e', exemple: 'https://…' },
  date: { mots: 'une date', accord: 'e', exemple: 'AAAA-MM-JJ' },
  datetime: { mots: 'une date et une heure', accord: 'es' },
};

/** « 1 caractère », « 5 000 caractères », « 0 élément ». */
export function compte(n: number, unite: Unite, ecrire: Ecrire): string {
  const [un, plusieurs] = unite === 'caractere' ? ['caractère', 'caractères'] : ['élément', 'éléments'];
  return `${ecrire(n)} ${accord(n, un, plusieurs)}`;
}

/** The longest text a refusal echoes whole (`recu`, `extrait`): a forged value does not fill the answer. */
const ECHO_MAX = 40;

/** A value as a refusal may echo it: whole up to `max` characters (ECHO_MAX), else cut there with « … ». */
export function extrait(v: unknown, max = ECHO_MAX): string {
  const s = String(v);
  return s.length <= max ? s : `${s.slice(0, max)}…`;
}

/** A decimal number as written (`100000`, `-5`, `12.5`, `2026.0`): echoed bare in a query parameter's refusal. */
const NOMBRE_ECRIT = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * What was received, in words; the value itself only when it is a short scalar (safe to echo).
 * `parametre`: the value of a query or path parameter, always text — a number is then echoed as
 * such (« 100000 », not « le texte « 100000 » »); elsewhere « le texte « 5 » » and « le nombre 5 »
 * are two different things sent, and said so. A number sent is echoed as sent (« le nombre 100001 »).
 */
export function recuEnMots(v: unknown, ecrire: Ecrire, parametre = false): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `une liste de ${compte(v.length, 'element', ecrire)}`;
  switch (typeof v) {
    case 'string':
      if (v === '') return 'une valeur vide';
      if (parametre && v.length <= ECHO_MAX && NOMBRE_ECRIT.test(v)) return v;
      return v.length <= ECHO_MAX
        ? `le texte « ${v} »`
        : `un texte de ${compte(longueur(v), 'caractere', ecrire)}`;
    case 'number':
      return `le nombre ${Number.isFinite(v) ? String(v) : 'non fini'}`;
    case 'boolean':
      return String(v);
    case 'object':
      return 'un objet';
    default:
      return 'une valeur d’un autre type';
  }
}

/** « « a » », « « a » ou « b » », « « a », « b » ou « c » »: values in quotes, the last after « ou ». */
export function valeursOu(valeurs: readonly string[]): string {
  const q = valeurs.map((v) => `« ${v} »`);
  return q.length < 2 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} ou ${q.at(-1)}`;
}
