import { z } from 'zod';
import { FormationSchema } from '../domain/formation.schema.ts';
import { limitParam } from './params.ts';
import { defineRoute } from './route.ts';

export const changesRoute = defineRoute({
  method: 'GET',
  fastResponse: true,
  url: '/changes',
  summary: 'Flux de changements',
  description:
    'Chaque création, modification, archivage ou suppression, dans l’ordre, sans trou : repassez « next_cursor » en « since ». ' +
    '« formation » est l’état actuel visible par l’appelant, ou null (pierre tombale : à retirer).',
  tags: ['Flux'],
  auth: 'public',
  querystring: z.object({
    since: z
      .string()
      .max(20)
      .optional()
      .describe('Curseur (« next_cursor » précédent) ; absent ou 0 : depuis le début'),
    limit: limitParam(100),
  }),
  response: {
    200: z.object({
      data: z.array(
        z.object({
          seq: z.number().int(),
          type: z.literal('formation'),
          id: z.string(),
          action: z.enum(['create', 'update', 'archive', 'delete']),
          at: z.string(),
          formation: FormationSchema.nullable(),
        }),
      ),
      next_cursor: z.string(),
    }),
  },
});
