import { z } from 'zod';
import { nombre } from './nombres.ts';

// « Intitulé : 5 000 caractères, 300 au plus. » — a refused field of a formation, in the words of
// the form's messages (« Libellé : problème. »), from its Zod issue (zod v4 shape), for the
// reports that name a field outside the HTTP API (the LHEO import; the API has src/http/champ.fr.ts).
// A message the schema wrote itself (a date not in the calendar, a telephone number…) is kept;
// Zod's own locale messages (« Trop grand : chaîne de caractères doit avoir <=300 caractères ») never.

/** The members of a Zod issue read here; `input` needs safeParse(…, { reportInput: true }). */
export interface IssueChamp {
  readonly code?: string;
  readonly message?: string;
  readonly expected?: string;
  readonly origin?: string;
  readonly format?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly values?: readonly unknown[];
  readonly input?: unknown;
}

/** What was expected, agreeing with its noun. */
const ATTENDU: Readonly<Record<string, string>> = {
  number: 'un nombre attendu',
  int: 'un nombre entier attendu',
  string: 'un texte attendu',
  boolean: 'oui ou non attendu',
  array: 'une liste attendue',
  object: 'un ensemble de champs attendu',
  date: 'une date attendue',
};

const FORMATS: Readonly<Record<string, string>> = {
  email: 'une adresse électronique attendue (nom@domaine.fr)',
  url: 'une adresse web attendue (https://…)',
  date: 'une date attendue (AAAA-MM-JJ)',
  datetime: 'une date et une heure attendues',
};

/** « 1 caractère », « 5 000 caractères ». */
const fois = (n: number, mot: string) => `${nombre(n)} ${mot}${n > 1 ? 's' : ''}`;

/** The size of what was sent, in the unit the bound counts: characters, elements, or the value. */
function mesure(issue: IssueChamp): string | undefined {
  const v = issue.input;
  if (issue.origin === 'string' && typeof v === 'string') return fois([...v].length, 'caractère');
  if ((issue.origin === 'array' || issue.origin === 'set') && Array.isArray(v))
    return fois(v.length, 'élément');
  if (typeof v === 'number' && Number.isFinite(v)) return nombre(v);
  return undefined;
}

/** The bound as allowed: « 300 au plus », « 2 au moins » (a strict bound made inclusive for integers). */
function borne(issue: IssueChamp, sens: 'max' | 'min', unite = true): string {
  let n = Number(sens === 'max' ? issue.maximum : issue.minimum);
  const entier = issue.origin !== 'number';
  if (issue.inclusive === false && entier) n += sens === 'max' ? -1 : 1;
  const strict = issue.inclusive === false && !entier;
  const mot = !unite
    ? ''
    : issue.origin === 'string'
      ? ' caractères'
      : issue.origin === 'array'
        ? ' éléments'
        : '';
  const u = mot && Math.abs(n) <= 1 ? mot.slice(0, -1) : mot;
  return sens === 'max'
    ? `${nombre(n)}${u} ${strict ? 'exclu, moins' : 'au plus'}`
    : `${nombre(n)}${u} ${strict ? 'exclu, plus' : 'au moins'}`;
}

/** Was the issue's message written by Zod's locale rather than by the schema? */
function deZod(issue: IssueChamp): boolean {
  if (!issue.message) return true;
  const m = z.config().localeError?.(issue as never);
  const texte = typeof m === 'string' ? m : m?.message;
  const sans = (s: string | undefined) => s?.replace(/, [^,]+ reçu$/, '');
  return (
    sans(texte) === sans(issue.message) ||
    /^(Trop grand|Trop petit|Entrée invalide|Invalid)/.test(issue.message)
  );
}

/** The problem alone: « 5 000 caractères, 300 au plus », « un nombre attendu, reçu le texte « deux » ». */
export function problemeDeIssue(issue: IssueChamp): string {
  if (issue.message && !deZod(issue)) return issue.message.replace(/\.$/, '');
  const recu = mesure(issue);
  switch (issue.code) {
    case 'too_big':
      return recu ? `${recu}, ${borne(issue, 'max', false)}` : borne(issue, 'max');
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) <= 1) return 'vide, à renseigner';
      if (issue.origin === 'array' && Number(issue.minimum) <= 1) return 'liste vide, un élément au moins';
      return recu ? `${recu}, ${borne(issue, 'min', false)}` : borne(issue, 'min');
    case 'invalid_type': {
      const attendu = ATTENDU[issue.expected ?? ''] ?? 'une autre valeur attendue';
      if (issue.input === undefined || issue.input === null) return `à renseigner : ${attendu}`;
      const v = issue.input;
      const vu =
        typeof v === 'string'
          ? v.length <= 40
            ? `le texte « ${v} »`
            : 'un texte'
          : typeof v === 'number' || typeof v === 'boolean'
            ? String(v)
            : Array.isArray(v)
              ? 'une liste'
              : 'une autre valeur';
      return `${attendu}, reçu ${vu}`;
    }
    case 'invalid_format':
      return `${FORMATS[issue.format ?? ''] ?? 'format non reconnu'}${typeof issue.input === 'string' && issue.input.length <= 40 ? `, reçu « ${issue.input} »` : ''}`;
    case 'invalid_value': {
      const v = (issue.values ?? []).map((x) => `« ${String(x)} »`);
      return v.length
        ? `valeur non prévue, ${v.length > 1 ? `${v.slice(0, -1).join(', ')} ou ${v.at(-1)}` : v[0]} attendu${v.length > 1 ? 'e' : ''}`
        : 'valeur non prévue';
    }
    case 'unrecognized_keys':
      return 'champ inconnu';
    default:
      return 'valeur invalide';
  }
}

/** « Libellé : problème. » (the form's erreurChamp shape) for one issue. */
export function messageDeIssue(libelle: string, issue: IssueChamp): string {
  return `${libelle} : ${problemeDeIssue(issue)}.`;
}
