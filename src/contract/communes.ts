import { z } from 'zod';
import { defineRoute } from './route.ts';

export const communesRoute = defineRoute({
  method: 'GET',
  fastResponse: true,
  url: '/communes',
  summary: 'Communes dont le nom ou le code postal commence par le texte donné (saisie « Où ? »)',
  description:
    'Référentiel des communes (INSEE COG et La Poste) : 10 communes au plus, une par code INSEE et code postal. ' +
    'Paris, Lyon et Marseille entiers (cherchés par leur nom) viennent une fois, avant leurs arrondissements, ' +
    'avec un code_postal vide : leurs codes postaux sont ceux des arrondissements (« 75000 » n’en est aucun).',
  tags: ['Référentiels'],
  auth: 'public',
  querystring: z.object({
    q: z.string().trim().min(2).max(100).describe('Début du nom (sans accents ni casse) ou du code postal'),
  }),
  response: {
    200: z.array(
      z.object({
        code_insee: z.string(),
        nom: z.string(),
        code_postal: z
          .string()
          .describe('Code postal ; vide pour une ville entière (Paris, Lyon, Marseille)'),
      }),
    ),
  },
});
