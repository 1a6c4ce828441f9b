import { z } from 'zod';

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

/**
 * `region` and `siret` of the exports (`GET /exports/lheo`, `/exports/csv`, `/exports/xlsx`, and
 * `offre export … --region --siret`): one schema for the API and the CLI.
 */
export const ExportFiltres = z.object({
  region: z
    .string()
    .regex(/^\d{2,3}$/, 'code région INSEE attendu (ex. 84)')
    .optional()
    .describe('Code INSEE de région : seules les formations ayant un lieu dans cette région (ex. 84)'),
  siret: z
    .string()
    .trim()
    .regex(/^\d{14}$/, 'SIRET de 14 chiffres attendu')
    .optional()
    .describe(
      'SIRET du responsable, du formateur ou du mandataire : seules ses formations (ex. 13002526500013)',
    ),
});

export const SiretParams = z.object({
  siret: z
    .string()
    .regex(/^\d{14}$/, 'SIRET attendu : 14 chiffres')
    .describe('SIRET de l’organisme (14 chiffres)'),
});
