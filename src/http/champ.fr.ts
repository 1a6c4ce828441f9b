import { z } from 'zod';
import { OffreError } from '../domain/errors.ts';
import { nombre } from '../domain/nombres.ts';
import { accord } from '../domain/pluriel.ts';

// Plain French for one refused field of an API request (body, query or path), from its Zod issue
// (zod v4 issue shape): names the field as docs/api.md writes it (`sessions[0].debut`), says what
// was expected and, for a short scalar, what was received. The one place where the server turns
// a validation issue into a sentence (src/http/errors.handler.ts calls it for every route).
// A message the schema wrote itself (a date that is not in the calendar, a URL, a telephone
// number…) is kept, after the field's name.

/** The members of a Zod issue this module reads. */
export interface Issue {
  code?: string;
  message?: string;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: unknown[];
  format?: string;
  keys?: string[];
  /** invalid_union: the issues of each form tried (paths relative to the union's value). */
  errors?: (Issue & { path?: PropertyKey[] })[][];
}

/** Where the field was: the JSON body, or a query or path parameter. */
export type Lieu = 'body' | 'querystring' | 'params' | 'headers';

/** 100 000 (a plain space: the message is read in JSON, often in a terminal). */
const nombreJson = (n: number | bigint | undefined) => nombre(Number(n)).replace(/\s/g, ' ');
/** « 1 élément », « 21 éléments »: the count as nombreJson writes it, the word agreeing with it. */
const elements = (n: number | bigint | undefined) =>
  `${nombreJson(n)} ${accord(Number(n), 'élément', 'éléments')}`;

const ATTENDU: Record<string, string> = {
  number: 'un nombre',
  int: 'un nombre entier',
  string: 'un texte (chaîne JSON entre guillemets)',
  boolean: 'true ou false',
  array: 'une liste [ … ]',
  object: 'un objet { … }',
  date: 'une date',
  null: 'null',
};
const ATTENDU_PARAMETRE: Record<string, string> = { ...ATTENDU, string: 'un texte' };

/** `sessions.0.debut` → `sessions[0].debut` (the contract's notation). */
export function nomDuChamp(chemin: string): string {
  return chemin
    .split('.')
    .filter(Boolean)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s))
    .join('');
}

/** The value at `chemin` (dotted) in the request's raw body or query, if there is one. */
export function valeurEn(racine: unknown, chemin: string): unknown {
  let v = racine;
  for (const s of chemin.split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
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
 * such (« reçu : 100000 », not « le texte « 100000 » »); in a JSON body, « le texte « 5 » » and
 * « le nombre 5 » are two different things sent, and said so.
 */
export function recu(v: unknown, parametre = false): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `une liste de ${elements(v.length)}`;
  switch (typeof v) {
    case 'string':
      if (v === '') return 'une valeur vide';
      if (parametre && v.length <= ECHO_MAX && NOMBRE_ECRIT.test(v)) return v;
      return v.length <= ECHO_MAX ? `le texte « ${v} »` : `un texte de ${nombreJson(v.length)} caractères`;
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

/**
 * Was `issue.message` written by Zod's locale (not by the schema)? Compared without the « …
 * reçu » end, which depends on the value Zod saw (after a coercion: NaN for « abc »).
 */
function deZod(issue: Issue, input: unknown): boolean {
  const m = z.config().localeError?.({ ...issue, input } as never);
  const sans = (s: string | undefined) => s?.replace(/, [^,]+ reçu$/, '');
  return sans(typeof m === 'string' ? m : m?.message) === sans(issue.message);
}

const bornes = (issue: Issue, sens: 'max' | 'min') => {
  const n = sens === 'max' ? issue.maximum : issue.minimum;
  const strict = issue.inclusive === false;
  switch (issue.origin) {
    case 'string':
      return sens === 'max'
        ? `ne doit pas dépasser ${nombreJson(strict ? Number(n) - 1 : n)} caractères`
        : Number(n) <= 1
          ? 'ne doit pas être vide'
          : `doit compter au moins ${nombreJson(n)} caractères`;
    case 'array':
    case 'set':
      return sens === 'max'
        ? `doit compter au plus ${elements(strict ? Number(n) - 1 : n)}`
        : `doit compter au moins ${elements(n)}`;
    default:
      return sens === 'max'
        ? `doit être ${strict ? 'strictement inférieur à' : 'inférieur ou égal à'} ${nombreJson(n)}`
        : `doit être ${strict ? 'strictement supérieur à' : 'supérieur ou égal à'} ${nombreJson(n)}`;
  }
};

/** The received size the bound was about: characters of a text, elements of a list; else the value. */
const taille = (v: unknown, origin: Issue['origin'], parametre: boolean) =>
  origin === 'string' && typeof v === 'string'
    ? `${nombreJson(v.length)} caractère${v.length > 1 ? 's' : ''}`
    : (origin === 'array' || origin === 'set') && Array.isArray(v)
      ? elements(v.length)
      : recu(v, parametre);

/**
 * A query parameter sent more than once (`?limit=5&limit=6`, which the query parser makes a list)
 * where one value is expected: « Le paramètre « limit » est donné plusieurs fois : donnez-le une
 * seule fois. » (code PARAMETRE_REPETE); null for anything else.
 */
export function messageRepete(chemin: string, lieu: Lieu, input: unknown): string | null {
  if (lieu !== 'querystring' || !Array.isArray(input) || !chemin || chemin.includes('.')) return null;
  return `Le paramètre « ${chemin} » est donné plusieurs fois : donnez-le une seule fois.`;
}

/**
 * A page's parameter expected once (`?region=`, `?annee=`, a journal filter): its value, or, when
 * the query gives it several times, 400 PARAMETRE_REPETE on its field (messageRepete) — neither
 * value is taken, as the API refuses a repeated parameter.
 */
export function parametreUnique(v: unknown, champ: string, lieu: Lieu = 'querystring'): unknown {
  const repete = messageRepete(champ, lieu, v);
  if (repete) throw new OffreError('PARAMETRE_REPETE', repete, { champ });
  return v;
}

/** « « a » », « « a » ou « b » », « « a », « b » ou « c » »: values in quotes, the last after « ou ». */
export function valeursOu(valeurs: readonly string[]): string {
  const q = valeurs.map((v) => `« ${v} »`);
  return q.length < 2 ? (q[0] ?? '') : `${q.slice(0, -1).join(', ')} ou ${q.at(-1)}`;
}

/**
 * « Le champ « sessions[0].debut » doit être … ; reçu : … » for one issue at `chemin` (dotted
 * path, as in `erreurs[].champ`), `input` being the value sent there (undefined when absent).
 * Query and path parameters say « Le paramètre ». A message the schema wrote as a whole sentence
 * about the parameter or parameters (« Le paramètre limit … », « Les paramètres lon et rayon_km … »)
 * is kept as is; so is one the schema wrote about body fields it names itself (« Les champs
 * « sessions[0].cle_externe » et « sessions[2].cle_externe » valent tous deux … »).
 */
export function messageChamp(chemin: string, lieu: Lieu, issue: Issue, input: unknown): string {
  const parametre = lieu === 'querystring' || lieu === 'params';
  if (parametre && /^Les? paramètres? /.test(issue.message ?? '')) return issue.message!;
  if (!parametre && /^Les? champs? « /.test(issue.message ?? '')) return issue.message!;
  const nom = nomDuChamp(chemin);
  const p = parametre ? `Le paramètre ${nom}` : nom ? `Le champ « ${nom} »` : 'Le corps de la requête';
  const absent = input === undefined;
  const recuDe = absent ? '' : ` ; reçu : ${recu(input, parametre)}`;
  const propre = issue.message && !deZod(issue, input) ? issue.message : undefined;
  if (propre) {
    const echo = absent || (typeof input === 'string' && propre.includes(input)) ? '' : recuDe;
    return `${p} est invalide : ${propre.replace(/\.$/, '')}${echo}.`;
  }
  switch (issue.code) {
    case 'invalid_type': {
      const attendu = (parametre ? ATTENDU_PARAMETRE : ATTENDU)[issue.expected ?? ''] ?? 'une valeur valide';
      if (absent) return `${p} est obligatoire : ${attendu} est attendu.`;
      return `${p} doit être ${attendu}${recuDe}.`;
    }
    case 'too_big':
      return `${p} ${bornes(issue, 'max')} ; reçu : ${taille(input, issue.origin, parametre)}.`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1 && typeof input === 'string' && input)
        return `${p} ne doit pas être vide (espaces seuls).`;
      return `${p} ${bornes(issue, 'min')} ; reçu : ${taille(input, issue.origin, parametre)}.`;
    case 'invalid_value': {
      const valeurs = (issue.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      return valeurs.length <= 2
        ? `${p} doit valoir ${valeursOu(valeurs)}${recuDe}.`
        : `${p} doit valoir l’une des valeurs ${valeursOu(valeurs)}${recuDe}.`;
    }
    case 'invalid_format':
      return `${p} n’a pas le format attendu${issue.format ? ` (${issue.format})` : ''}${recuDe}.`;
    case 'unrecognized_keys':
      return `${p} contient un champ inconnu : ${(issue.keys ?? []).join(', ')}.`;
    case 'invalid_union': {
      // The closest form: of those whose type matched the value, the one with the fewest faults.
      const proche = (issue.errors ?? [])
        .filter((b) => b.length && !b.some((i) => !i.path?.length && i.code === 'invalid_type'))
        .sort((a, b) => a.length - b.length)[0];
      if (!proche) return `${p} n’a aucune des formes admises (voir docs/api.md)${recuDe}.`;
      const sous = proche.map((i) => {
        const rel = (i.path ?? []).map(String).join('.');
        return messageChamp([chemin, rel].filter(Boolean).join('.'), lieu, i, valeurEn(input, rel));
      });
      return `${p} n’a aucune des formes admises ; la plus proche demande : ${sous.join(' ')}`;
    }
    case 'not_multiple_of':
      return `${p} n’est pas un multiple admis${recuDe}.`;
    default:
      return `${p} est invalide${recuDe}.`;
  }
}
