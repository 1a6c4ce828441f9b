import { z } from 'zod';
import { estAnneeCampagne, MESSAGE_ANNEE_CAMPAGNE } from '../domain/campagne.ts';
import type { CodeErreur } from '../domain/errors.catalogue.ts';
import { CODES_REGION, estDepartement, messageRegionInconnue } from '../domain/geo.ts';

// Parameters shared by several routes, each with its description (shown in /api/docs).

/**
 * An integer query or path parameter, `min` to `max`, written in decimal digits only (no sign,
 * exponent, hex, space or fraction: `0x10` is not 16), as a number; anything else is refused with
 * `error`, one issue (a value far too large is not also "not an integer"). The OpenAPI document
 * shows an integer.
 */
export const entierParam = (min: number, max: number, error: string, defaut?: number) =>
  z
    .string()
    .refine((v) => /^\d{1,15}$/.test(v) && Number(v) >= min && Number(v) <= max, { error })
    .meta({ default: defaut, type: 'integer', minimum: min, maximum: max })
    .transform(Number);

/**
 * A signed decimal number (`-1.5`, `47`), `min` to `max`, written as a person writes it (no
 * exponent, hex or space), as a number; anything else is refused with `error`.
 */
export const decimalParam = (min: number, max: number, error: string) =>
  z
    .string()
    .refine((v) => /^-?\d{1,15}(?:\.\d{1,15})?$/.test(v) && Number(v) >= min && Number(v) <= max, {
      error,
    })
    .meta({ type: 'number', minimum: min, maximum: max })
    .transform(Number);

/** `limit` of a paginated route: 1 to 1 000, `defaut` when absent. */
const LIMIT = 'Le paramètre limit doit être un nombre entier entre 1 et 1 000.';
export const limitParam = (defaut: number) =>
  entierParam(1, 1000, LIMIT, defaut)
    .optional()
    .transform((v) => v ?? defaut)
    .describe(`Taille de page : 1 à 1 000 (${defaut} par défaut)`);

/** `cursor` of a paginated route: the previous page's `next_cursor`, opaque. */
export const cursorParam = z
  .string()
  .max(200)
  .optional()
  .describe('Valeur « next_cursor » de la page précédente ; absent : première page');

/** `dry_run` of an import: `true` reports without storing anything. */
export const dryRunParam = z
  .enum(['true', 'false'])
  .optional()
  .describe('true : aperçu, le rapport sans rien enregistrer ; absent ou false : applique');

/** The INSEE codes of the régions, in order: what a région filter accepts (domain/geo.ts). */
export { CODES_REGION };

/**
 * A refinement that refuses with its own catalogue code: the issue's `params.code`, which the API
 * puts in its problem and in `erreurs[].code`, and the command line in brackets (cli/options.ts).
 */
const refus = (code: CodeErreur, error: string | ((input: string) => string)) => ({
  error: typeof error === 'string' ? error : (issue: { input?: unknown }) => error(String(issue.input)),
  params: { code },
});

/** The one message of a malformed SIRET, in every parameter and option that takes one. */
export const MESSAGE_SIRET = 'SIRET de 14 chiffres attendu';

/**
 * A SIRET: 14 digits, spaces around it trimmed (on every route: the exports, `/formations`,
 * `/organismes/{siret}`), refused with its own code SIRET_INVALIDE and one French message; the
 * OpenAPI document still shows the pattern.
 */
export const siretParam = () =>
  z
    .string()
    .trim()
    .refine((v) => /^\d{14}$/.test(v), refus('SIRET_INVALIDE', MESSAGE_SIRET))
    .meta({ pattern: '^\\d{14}$' });

/**
 * A région's INSEE code, trimmed: any value that is not the code of a région (`99`, `abc`) is
 * refused with REGION_INCONNUE, its message listing the valid codes — one rule, so `abc` gets one
 * error, not a format one too.
 */
export const regionParam = () =>
  z
    .string()
    .trim()
    .refine((v) => CODES_REGION.includes(v), refus('REGION_INCONNUE', messageRegionInconnue))
    .meta({ pattern: '^\\d{2}$' });

/**
 * A département's code (69, 2A, 974), trimmed and in capitals (`2a` is Corse-du-Sud's 2A): any
 * other value is refused with DEPARTEMENT_INCONNU.
 */
export const departementParam = () =>
  z
    .string()
    .trim()
    // Checked in any case, echoed as sent, then in capitals.
    .refine(
      (v) => estDepartement(v.toUpperCase()),
      refus(
        'DEPARTEMENT_INCONNU',
        (v) => `département « ${v} » inconnu : code de département attendu (ex. 69, 2A, 974)`,
      ),
    )
    .toUpperCase()
    .meta({ pattern: '^(\\d{2}|2[ABab]|97\\d)$' });

/** The one message of a refused `rayon_km`. */
export const MESSAGE_RAYON = 'rayon en kilomètres attendu, plus de 0 et 1 000 au plus (ex. 30)';

/**
 * `rayon_km` of the search: kilometres, more than 0 and 1 000 at most (decimals with a dot),
 * trimmed; anything else (`-5`, `abc`, `0`) is refused with RAYON_INVALIDE.
 */
export const rayonKmParam = () =>
  z
    .string()
    .trim()
    .refine(
      (v) => /^\d+(?:\.\d+)?$/.test(v) && Number(v) > 0 && Number(v) <= 1000,
      refus('RAYON_INVALIDE', MESSAGE_RAYON),
    )
    .meta({ pattern: '^\\d+(\\.\\d+)?$' })
    .transform(Number);

/**
 * `rayon`, the search page's name of the radius: never accepted by the API, whose parameter is
 * `rayon_km` — refused with RAYON_INVALIDE rather than ignored (the search would run without it).
 */
export const rayonPageParam = () =>
  z
    .string()
    .optional()
    .refine(
      (v) => v === undefined,
      refus(
        'RAYON_INVALIDE',
        'l’API ne connaît pas rayon : le rayon s’écrit rayon_km (en kilomètres, ex. 30)',
      ),
    );

/**
 * A commune's INSEE code (five characters, 2A/2B for Corsica), trimmed and in capitals (`2a001` is
 * Ajaccio's 2A001, as for departementParam): another shape is refused with CODE_INSEE_INVALIDE; a
 * well-formed code that exists nowhere gives an empty list.
 */
export const codeInseeParam = () =>
  z
    .string()
    .trim()
    .toUpperCase()
    .refine(
      (v) => /^(\d{5}|2[AB]\d{3})$/.test(v),
      refus('CODE_INSEE_INVALIDE', 'code commune INSEE de cinq caractères attendu (ex. 44109)'),
    )
    .meta({ pattern: '^(\\d{5}|2[ABab]\\d{3})$' });

/**
 * A campaign's year (AAAA, the rentrée), as a number; anything else is refused with
 * CAMPAGNE_INVALIDE. A year with no campaign is the service's refusal: 404 CAMPAGNE_INCONNUE,
 * listing the campaigns that exist.
 */
export const campagneParam = () =>
  z
    .string()
    .trim()
    .refine(estAnneeCampagne, refus('CAMPAGNE_INVALIDE', MESSAGE_ANNEE_CAMPAGNE))
    .meta({ pattern: '^\\d{4}$' })
    .transform(Number);

/**
 * `region` and `siret` of the exports (`GET /exports/lheo`, `/exports/csv`, `/exports/xlsx`, and
 * `offre export … --region --siret`): one schema for the API and the CLI, so one rule — both
 * trimmed; a région that does not exist (`99`) is refused, code REGION_INCONNUE, instead of an
 * empty file.
 */
export const ExportFiltres = z.object({
  region: regionParam()
    .optional()
    .describe(
      `Code INSEE de région : seules les formations ayant un lieu dans cette région (ex. 84 ; codes valides : ${CODES_REGION.join(', ')})`,
    ),
  siret: siretParam()
    .optional()
    .describe(
      'SIRET du responsable, du formateur ou du mandataire : seules ses formations (ex. 13002526500013)',
    ),
});

export const SiretParams = z.object({
  siret: siretParam().describe('SIRET de l’organisme (14 chiffres ; espaces autour ignorés)'),
});
