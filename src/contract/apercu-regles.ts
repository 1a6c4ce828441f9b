import { z } from 'zod';

// The preview's blocking rules (domain/apercu-regles.ts), in the reports of both imports: LHEO
// (`modifiees[].regles`) and the campaign workbook (`lignes[].regles`), with `non_diffusables`.

/** A blocking rule's failure (docs/regles.md), named by the preview. */
const RegleBloquante = z.object({
  code: z.string().describe('code de la règle (ORG_SIRET_FORMAT…)'),
  champ: z.string().nullable().describe('champ concerné (formateur.siret, sessions[0].debut…)'),
  severite: z.literal('bloquant'),
  message: z.string(),
});

const Catalogue = z.enum(['general', 'non_reglementaire']);

export const ReglesModifiee = z.object({
  publiee: z
    .boolean()
    .describe(
      'la formation est publiée (diffusée aujourd’hui) : modifiée par son organisme, le changement devient une révision à valider ; par un gestionnaire, un administrateur ou la ligne de commande, il s’applique aussitôt',
    ),
  introduites: z.array(RegleBloquante).describe('échecs bloquants que la modification introduirait'),
  levees: z.array(RegleBloquante).describe('échecs bloquants qu’elle lèverait'),
  catalogue_avant: Catalogue,
  catalogue_apres: Catalogue,
});

/** The preview's count of the formations updated that would leave the diffusion. */
export const NonDiffusables = z
  .number()
  .optional()
  .describe(
    'aperçu seulement (dry_run=true) : formations mises à jour qui passeraient du Catalogue général à Non réglementaire (une règle bloquante échouerait ; pour une formation publiée, une fois sa révision validée) : elles sortiraient de la diffusion',
  );
