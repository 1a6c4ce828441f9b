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

export const SiretParams = z.object({
  siret: z
    .string()
    .regex(/^\d{14}$/, 'SIRET attendu : 14 chiffres')
    .describe('SIRET de l’organisme (14 chiffres)'),
});
