import { z } from 'zod';

// The one reader of a Zod issue (zod v4 shape): what it says — the field, the kind of problem, the
// bound, what was sent, the values allowed — as a small typed structure (Lecture). Three renderings
// word it: « Libellé : problème. » (probleme-champ.ts: the LHEO report, rejected rows of reference
// files), the space's forms (probleme-formulaire.ts: « le texte est trop long : … ») and the API's
// sentences (message-champ.ts: problem details). Zod's own locale
// messages (« Trop grand : chaîne de caractères doit avoir <=300 caractères ») never show; a message
// the schema wrote itself (a date not in the calendar, a telephone number…) is kept.

/** The members of a Zod issue read here; `input` needs safeParse(…, { reportInput: true }). */
export interface IssueZod {
  readonly code?: string;
  readonly message?: string;
  readonly path?: readonly PropertyKey[];
  readonly expected?: string;
  readonly origin?: string;
  readonly format?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly values?: readonly unknown[];
  readonly keys?: readonly string[];
  readonly input?: unknown;
  /** invalid_union: the issues of each form tried (paths relative to the union's value). */
  readonly errors?: readonly (readonly IssueZod[])[];
}

/** What a bound counts: the characters of a text (code points, as Zod counts them) or the elements of a list. */
export type Unite = 'caractere' | 'element';

/** The problem, by kind. */
export type Probleme =
  /** Not of the expected type (Zod's `expected`: number, int, string, boolean, array…). */
  | { readonly type: 'type'; readonly attendu: string | undefined }
  /**
   * Past a bound. `limite` is the allowed value itself (a strict bound on a count made inclusive:
   * `< 301` is « 300 au plus »); `strict` only for a number's `.lt`/`.gt`. `taille`: what was
   * sent, counted in `unite`; `vide`: a text or list that must not be empty (a minimum of 1).
   */
  | {
      readonly type: 'borne';
      readonly sens: 'max' | 'min';
      readonly limite: number;
      readonly strict: boolean;
      readonly unite: Unite | undefined;
      readonly taille: number | undefined;
      readonly vide: boolean;
    }
  | { readonly type: 'format'; readonly format: string | undefined }
  /** Not one of the values allowed, written as JSON writes them (a text bare). */
  | { readonly type: 'valeur'; readonly valeurs: readonly string[] }
  | { readonly type: 'inconnu'; readonly cles: readonly string[] }
  /** None of a union's forms: the closest one's problems (undefined when none is close). */
  | { readonly type: 'union'; readonly proche: readonly Lecture[] | undefined }
  | { readonly type: 'multiple' }
  | { readonly type: 'autre' };

/** What one issue says. */
export interface Lecture {
  /** The field, dotted as `erreurs[].champ` (`sessions.0.debut`); '' for the whole value. */
  readonly chemin: string;
  readonly probleme: Probleme;
  /** The value sent there; undefined when absent. */
  readonly recu: unknown;
  /** The message the schema wrote itself, when it wrote one (never Zod's locale's). */
  readonly propre: string | undefined;
}

/** `sessions.0.debut` → `sessions[0].debut` (the contract's notation, docs/api.md). */
export function nomDuChamp(chemin: string): string {
  return chemin
    .split('.')
    .filter(Boolean)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s))
    .join('');
}

/** The value at `chemin` (dotted) in a raw value (a request's body or query), if there is one. */
export function valeurEn(racine: unknown, chemin: string): unknown {
  let v = racine;
  for (const s of chemin.split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

/**
 * The length of a text as Zod's bounds count it: code points (« 😀 » is one character), as
 * `[...s].length` counts them (a lone surrogate is one), without building that array.
 */
export function longueur(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Zod's French locale words (also when a coercion changed the value it saw), or English ones. */
const LOCALE_ZOD = /^(Trop grand|Trop petit|Entrée invalide|Invalid)/;

/** Was the issue's message written by Zod's locale rather than by the schema? */
function deZod(issue: IssueZod, input: unknown): boolean {
  if (!issue.message) return true;
  const m = z.config().localeError?.({ ...issue, input } as never);
  // Compared without the « … reçu » end, which depends on the value Zod saw (after a coercion: NaN).
  const sans = (s: string | undefined) => s?.replace(/, [^,]+ reçu$/, '');
  return (
    sans(typeof m === 'string' ? m : m?.message) === sans(issue.message) || LOCALE_ZOD.test(issue.message)
  );
}

/** The size of `v` in `unite`, when it is a text or a list. */
function taille(v: unknown, unite: Unite | undefined): number | undefined {
  if (unite === 'caractere' && typeof v === 'string') return longueur(v);
  if (unite === 'element' && Array.isArray(v)) return v.length;
  return undefined;
}

function borne(issue: IssueZod, sens: 'max' | 'min', recu: unknown): Probleme {
  const unite: Unite | undefined =
    issue.origin === 'string'
      ? 'caractere'
      : issue.origin === 'array' || issue.origin === 'set'
        ? 'element'
        : undefined;
  let limite = Number(sens === 'max' ? issue.maximum : issue.minimum);
  // Counts are whole: `< 301` is « 300 au plus »; only a number keeps a strict bound.
  const strict = issue.inclusive === false && issue.origin === 'number';
  if (issue.inclusive === false && !strict) limite += sens === 'max' ? -1 : 1;
  const vide = sens === 'min' && unite !== undefined && limite <= 1;
  return { type: 'borne', sens, limite, strict, unite, taille: taille(recu, unite), vide };
}

/** The closest form of a union: of those whose type matched the value, the one with the fewest faults. */
function formeProche(issue: IssueZod, chemin: string, recu: unknown): Lecture[] | undefined {
  const proche = (issue.errors ?? [])
    .filter((b) => b.length && !b.some((i) => !i.path?.length && i.code === 'invalid_type'))
    .sort((a, b) => a.length - b.length)[0];
  return proche?.map((i) => {
    const rel = (i.path ?? []).map(String).join('.');
    return lireIssue(i, [chemin, rel].filter(Boolean).join('.'), valeurEn(recu, rel));
  });
}

function probleme(issue: IssueZod, chemin: string, recu: unknown): Probleme {
  switch (issue.code) {
    case 'invalid_type':
      return { type: 'type', attendu: issue.expected };
    case 'too_big':
      return borne(issue, 'max', recu);
    case 'too_small':
      return borne(issue, 'min', recu);
    case 'invalid_format':
      return { type: 'format', format: issue.format };
    case 'invalid_value':
      return {
        type: 'valeur',
        valeurs: (issue.values ?? []).map((v) =>
          typeof v === 'string' || typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? String(v)),
        ),
      };
    case 'unrecognized_keys':
      return { type: 'inconnu', cles: issue.keys ?? [] };
    case 'invalid_union':
      return { type: 'union', proche: formeProche(issue, chemin, recu) };
    case 'not_multiple_of':
      return { type: 'multiple' };
    default:
      return { type: 'autre' };
  }
}

/**
 * What `issue` says about the field at `chemin` (dotted; by default the issue's path), `input`
 * being the value sent there (by default the issue's own, with `reportInput`; undefined: absent).
 */
export function lireIssue(
  issue: IssueZod,
  chemin = (issue.path ?? []).map(String).join('.'),
  input: unknown = issue.input,
): Lecture {
  return {
    chemin,
    probleme: probleme(issue, chemin, input),
    recu: input,
    propre: deZod(issue, input) ? undefined : issue.message,
  };
}
