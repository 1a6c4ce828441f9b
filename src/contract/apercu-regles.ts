import { z } from 'zod';

// The preview's blocking rules (domain/apercu-regles.ts), in the reports of both imports: LHEO
// (`modifiees[].regles`, `creees[].regles`, `regles_par_code`) and the campaign workbook
// (`lignes[].regles`), with `non_diffusables` and `creees_non_diffusables`.

/** A blocking rule's failure (docs/regles.md), named by the preview. */
const RegleBloquante = z.object({
  code: z.string().describe('code de la règle (ORG_SIRET_FORMAT…)'),
  champ: z.string().nullable().describe('champ concerné (formateur.siret, sessions[0].debut…)'),
  severite: z.literal('bloquant'),
  message: z
    .string()
    .describe(
      'import LHEO : une règle qui porte sur une session la nomme comme le fichier (« session 2 de l’action 1 »), non dans l’ordre des dates',
    ),
  ligne: z
    .number()
    .int()
    .optional()
    .describe('import LHEO : ligne, dans le fichier, de l’élément <session> que la règle concerne'),
  element: z
    .string()
    .optional()
    .describe('import LHEO : chemin de cet élément <session> (formation[3]/action[1]/session[2])'),
});

const Catalogue = z.enum(['general', 'non_reglementaire']);

/** A formation's blocking rules at the preview: an update's changes, or a creation's failures (same shape). */
export const ReglesModifiee = z.object({
  publiee: z
    .boolean()
    .describe(
      'la formation est publiée (diffusée aujourd’hui) : modifiée par son organisme, le changement devient une révision à valider ; par un gestionnaire, un administrateur ou la ligne de commande, il s’applique aussitôt',
    ),
  introduites: z
    .array(RegleBloquante)
    .describe(
      'échecs bloquants que la modification introduirait ; pour une formation que l’import créerait : tous ses échecs bloquants',
    ),
  levees: z
    .array(RegleBloquante)
    .describe('échecs bloquants qu’elle lèverait (toujours vide pour une création)'),
  catalogue_avant: Catalogue.nullable().describe(
    'catalogue enregistré aujourd’hui ; null : la formation n’existe pas encore (l’import la créerait)',
  ),
  catalogue_apres: Catalogue,
});

/** The preview's count of the formations updated that would leave the diffusion. */
export const NonDiffusables = z
  .number()
  .optional()
  .describe(
    'aperçu seulement (dry_run=true) : formations mises à jour qui passeraient du Catalogue général à Non réglementaire (une règle bloquante échouerait ; pour une formation publiée, une fois sa révision validée) : elles sortiraient de la diffusion',
  );

/** The preview's count of the formations created that would be Non réglementaire. */
export const CreeesNonDiffusables = z
  .number()
  .optional()
  .describe(
    'aperçu seulement (dry_run=true) : formations que l’import créerait et qui seraient Non réglementaire (une règle bloquante échouerait, voir leurs regles) : même publiées, elles ne seraient pas diffusées tant que la règle échoue',
  );

/** The preview's blocking rules counted by code over every formation of an LHEO file (its lists stop at 100). */
export const ReglesParCode = z
  .array(
    z.object({
      code: z.string().describe('code de la règle (ORG_SIRET_FORMAT…)'),
      introduites: z
        .number()
        .describe(
          'formations (créées ou mises à jour) où cette règle échouerait et n’échoue pas aujourd’hui',
        ),
      levees: z.number().describe('formations mises à jour où elle échoue aujourd’hui et passerait'),
    }),
  )
  .optional()
  .describe(
    'aperçu seulement (dry_run=true) : chaque règle bloquante introduite ou levée, comptée sur toutes les formations créées ou mises à jour du fichier, listées ou non (creees et modifiees s’arrêtent aux 100 premières, avec leurs regles) ; le rapport complet (CSV) de la page et de « offre import lheo --rapport » en donne chaque ligne',
  );
