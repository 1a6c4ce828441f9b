import { z } from 'zod';
import { IdParams } from './formations.schemas.ts';
import { defineRoute } from './route.ts';

const PreuveSchema = z.object({
  kind: z.string(),
  fichier: z.string(),
  date: z.string().nullable().describe('date propre du fichier source (AAAA-MM-JJ), null si inconnue'),
  importe_le: z.string().optional().describe('date de l’import'),
  run_id: z.number(),
  fait: z.string(),
});

/** One rule result with its evidence (GET /formations/{id}/controles, GET /formations/{id}/revision). */
export const ControleSchema = z.object({
  code: z.string(),
  resultat: z.enum(['passe', 'echec', 'non_applicable']),
  severite: z.enum(['bloquant', 'plateforme', 'alerte']),
  champ: z.string().nullable(),
  message: z.string(),
  preuves: z.array(PreuveSchema),
  formation_liee: z
    .string()
    .optional()
    .describe(
      'FORM_DOUBLON en échec : identifiant de l’autre formation (le message la nomme par son intitulé), toujours une formation que l’appelant peut lire (une formation qu’il ne peut pas lire compte comme absente)',
    ),
  session_id: z
    .string()
    .optional()
    .describe(
      'règle qui porte sur une session (`champ` « sessions[i]… ») : identifiant de cette session, là où ses champs se corrigent',
    ),
  computed_at: z.string(),
});

export const getControles = defineRoute({
  method: 'GET',
  url: '/formations/:id/controles',
  summary: 'Résultat de chaque règle de conformité, avec message et preuves',
  tags: ['Formations'],
  auth: 'public',
  params: IdParams,
  response: {
    200: z.object({
      id: z.string(),
      catalogue: z.string().nullable(),
      certifiee: z.boolean().nullable(),
      parcoursup: z.string(),
      affelnet: z.string(),
      data: z.array(ControleSchema),
    }),
  },
});
