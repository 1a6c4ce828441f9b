import type { FastifyRequest } from 'fastify';
import { erreurChamp } from '../../../domain/erreur-champ.ts';
import { OffreError } from '../../../domain/errors.ts';
import { caracteresRetires } from '../../plugins/caracteres.plugin.ts';

/**
 * One error of a form field: `champ` is the field's name (and id), `message` says what to do;
 * `code`, the refusal's stable code when the form says it (an upload's, as the API gives it).
 */
export interface ErreurChamp {
  readonly champ: string;
  readonly message: string;
  readonly code?: string;
  /**
   * The problem alone (no label, no final full stop) when `message` could not name the field:
   * the field says « Libellé : problème. » under itself with its own label (champs.tsx).
   */
  readonly probleme?: string;
}
export type Erreurs = readonly ErreurChamp[];

/**
 * The string fields of a URL-encoded form body (anything else — arrays, a JSON body — is
 * ignored, so a forged post cannot smuggle another shape). `champs` lists the expected names.
 * Values are kept whole (the body limit bounds them): a too-long text is refused by the
 * validation that knows its limit, never cut silently.
 */
export function readFormulaire<K extends string>(body: unknown, champs: readonly K[]): Record<K, string> {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const out = {} as Record<K, string>;
  for (const k of champs) {
    const v = b[k];
    out[k] = typeof v === 'string' ? v : '';
  }
  return out;
}

/**
 * `erreurs` in the order of their fields on the page (`champs`, the form's fields in page order):
 * the error summary reads as the form does. A field named by a group (`lieu`, `contacts`) takes
 * the place of its first field, one inside a listed field (`contacts.0.nom.x`) that of the field;
 * errors of no listed field come last, in their order. Stable.
 */
export function dansLOrdre(erreurs: Erreurs, champs: readonly string[]): ErreurChamp[] {
  const rang = (champ: string) => {
    const i = champs.findIndex((c) => c === champ || c.startsWith(`${champ}.`) || champ.startsWith(`${c}.`));
    return i < 0 ? champs.length : i;
  };
  return erreurs
    .map((e, i) => ({ e, i, r: rang(e.champ) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ e }) => e);
}

/** The values of a repeated field (checkboxes: one entry per ticked box; none: []). */
export function readListe(body: unknown, champ: string): string[] {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[champ] : undefined;
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

/**
 * Field errors of what a service refused: an OffreError naming its field (`details.champ`) is
 * shown next to that field; one that names none is shown against `defaut`. Other errors rethrow.
 */
export function erreursDe(e: unknown, defaut: string): ErreurChamp[] {
  const liste = Array.isArray(e) ? e : [e];
  return liste.map((x) => {
    if (!(x instanceof OffreError) || x.status >= 500) throw x;
    const champ = typeof x.details.champ === 'string' ? x.details.champ : defaut;
    const probleme = typeof x.details.probleme === 'string' ? x.details.probleme : undefined;
    return probleme ? { champ, message: x.message, probleme } : { champ, message: x.message };
  });
}

/** A form's fields in the order the page shows them, each with the label the page gives it. */
export type ChampsLibelles = readonly (readonly [champ: string, libelle: string])[];

/**
 * The errors of a refused form as every form says them (the formation form's style): each error of
 * a field « Libellé : problème. » (erreurChamp, with the label of `champs`), in the page's order
 * (dansLOrdre) — what the error summary lists, each linked to its field. `e`: what was refused, an
 * OffreError, a list of them, or errors already tied to a field (`{ champ, message }`, whose
 * message is the problem). An OffreError that names no field (a refusal of the whole form) is
 * shown against `defaut`, without a label; a 5xx or anything else rethrows.
 */
export function erreursLibellees(e: unknown, champs: ChampsLibelles, defaut: string): ErreurChamp[] {
  const libelles = new Map(champs);
  const liste: readonly unknown[] = Array.isArray(e) ? e : [e];
  const erreurs = liste.map((x): ErreurChamp => {
    const { champ, message } = erreurLue(x);
    const libelle = champ === null ? undefined : libelles.get(champ);
    return {
      champ: champ ?? defaut,
      message: libelle && !message.startsWith(`${libelle} : `) ? erreurChamp(libelle, message) : message,
    };
  });
  return dansLOrdre(
    erreurs,
    champs.map(([c]) => c),
  );
}

/** A refusal's field (null: none, the whole form) and problem; anything but a 4xx or a field error rethrows. */
function erreurLue(x: unknown): { champ: string | null; message: string } {
  if (x instanceof OffreError) {
    if (x.status >= 500) throw x;
    return { champ: typeof x.details.champ === 'string' ? x.details.champ : null, message: x.message };
  }
  const c = x as Partial<ErreurChamp> | null;
  if (c && typeof c === 'object' && typeof c.champ === 'string' && typeof c.message === 'string')
    return { champ: c.champ, message: c.message };
  throw x;
}

/**
 * The problem said of a field whose forbidden characters the door took out (a sentence without its
 * final full stop, read after the field's label: erreurChamp).
 */
export const problemeCaractere = (nul: boolean): string =>
  `${nul ? 'le caractère nul (U+0000), invisible,' : 'une demi-paire de substitution UTF-16 isolée (caractère invalide)'} n’est pas accepté : il a été retiré, vérifiez ce champ puis enregistrez de nouveau`;

/**
 * The refusals of a page form whose fields held a NUL character or a lone surrogate (every page
 * form, plugins/caracteres.plugin.ts): one CARACTERE_INTERDIT a field, its message the problem
 * alone, `details.probleme` the same without capital nor full stop (erreursLibellees prefixes the
 * label; erreursDe passes it on and the field says it after its own label, champs.tsx). The body
 * already holds the values without them: the form comes back filled, the error under the field.
 * None: [].
 */
export function refusCaracteres(request: FastifyRequest): OffreError[] {
  return caracteresRetires(request).map(({ champ, nul }) => {
    const probleme = problemeCaractere(nul);
    return new OffreError(
      'CARACTERE_INTERDIT',
      `${probleme.charAt(0).toUpperCase()}${probleme.slice(1)}.`,
      { champ, probleme },
      400,
    );
  });
}
