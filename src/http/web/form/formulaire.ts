import { OffreError } from '../../../domain/errors.ts';

/** One error of a form field: `champ` is the field's name (and id), `message` says what to do. */
export interface ErreurChamp {
  readonly champ: string;
  readonly message: string;
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
    return { champ, message: x.message };
  });
}
