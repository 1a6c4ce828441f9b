import { z } from 'zod';
import { REGIONS } from '../domain/geo.ts';

// Parameters shared by several routes, each with its description (shown in /api/docs).

/** `limit` of a paginated route: 1 to 1 000, `defaut` when absent. */
const LIMIT = 'Le paramètre limit doit être un nombre entier entre 1 et 1 000.';
export const limitParam = (defaut: number) =>
  z.coerce
    .number({ error: LIMIT })
    .int({ error: LIMIT })
    .min(1, { error: LIMIT })
    .max(1000, { error: LIMIT })
    .default(defaut)
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

/** The INSEE codes of the régions (domain/geo.ts `REGIONS`), in order: what a région filter accepts. */
export const CODES_REGION: readonly string[] = Object.keys(REGIONS).sort();

/**
 * A SIRET: 14 digits, refused with its own code SIRET_INVALIDE (the issue's `params.code`, which
 * the API puts in its problem and in `erreurs[].code`) and `message`, in French; the OpenAPI
 * document still shows the pattern.
 */
const siret = (s: z.ZodString) =>
  s
    .refine((v) => /^\d{14}$/.test(v), {
      error: 'SIRET de 14 chiffres attendu', // the same words as formations.schemas.ts
      params: { code: 'SIRET_INVALIDE' },
    })
    .meta({ pattern: '^\\d{14}$' });

/**
 * `region` and `siret` of the exports (`GET /exports/lheo`, `/exports/csv`, `/exports/xlsx`, and
 * `offre export … --region --siret`): one schema for the API and the CLI, so one rule — both
 * trimmed; a région that does not exist (`99`) is refused, code REGION_INCONNUE (the issue's
 * `params.code`, which the API puts in its problem), its message listing the valid codes, instead
 * of an empty file.
 */
export const ExportFiltres = z.object({
  region: z
    .string()
    .trim()
    // One rule, so `abc` gets one error (not a format one too): any value not a région's code.
    .refine((v) => CODES_REGION.includes(v), {
      error: (issue) =>
        `région « ${String(issue.input)} » inconnue (REGION_INCONNUE) : codes INSEE valides ${CODES_REGION.join(', ')}`,
      params: { code: 'REGION_INCONNUE' },
    })
    .optional()
    .describe(
      `Code INSEE de région : seules les formations ayant un lieu dans cette région (ex. 84 ; codes valides : ${CODES_REGION.join(', ')})`,
    ),
  siret: siret(z.string().trim())
    .optional()
    .describe(
      'SIRET du responsable, du formateur ou du mandataire : seules ses formations (ex. 13002526500013)',
    ),
});

export const SiretParams = z.object({
  siret: siret(z.string()).describe('SIRET de l’organisme (14 chiffres)'),
});
