import { z } from 'zod';
import { feedCursor } from '../domain/cursor.ts';
import { FormationSchema } from '../domain/formation.schema.ts';
import { limitParam } from './params.ts';
import { defineRoute } from './route.ts';

export const changesRoute = defineRoute({
  method: 'GET',
  fastResponse: true,
  url: '/changes',
  summary: 'Flux de changements',
  description:
    'Chaque création, modification, archivage ou suppression, dans l’ordre, sans trou : repassez « next_cursor » en « since » (ou « cursor », le même paramètre). ' +
    '« formation » est l’état actuel visible par l’appelant, ou null (pierre tombale : à retirer), quelle que soit l’action : une offre sortie depuis de la diffusion (archivée, par exemple : « update » de la fermeture de ses sessions puis « archive ») a tous ses événements à null pour le public. Sans clé ou avec une clé read, seule l’offre diffusée y paraît : entrée dans la diffusion = create, sortie = pierre tombale ; une offre jamais diffusée n’est jamais nommée. Un « since » dont le numéro a été perdu à une restauration de la base depuis une sauvegarde : 410 FLUX_RESTAURE, à chaque appel ; videz votre copie et relisez depuis since=0.',
  tags: ['Flux'],
  auth: 'public',
  querystring: z
    .object({
      since: z
        .string()
        .max(20)
        .optional()
        .refine(feedCursor.bienForme, {
          error: 'reprenez la valeur « next_cursor » de la page précédente',
          params: { code: 'CURSEUR_INVALIDE' },
        })
        .describe('Curseur (« next_cursor » précédent) ; absent ou 0 : depuis le début'),
      cursor: z
        .string()
        .max(20)
        .optional()
        .refine(feedCursor.bienForme, {
          error: 'reprenez la valeur « next_cursor » de la page précédente',
          params: { code: 'CURSEUR_INVALIDE' },
        })
        .describe('Synonyme de « since », comme sur les autres routes paginées : l’un ou l’autre'),
      limit: limitParam(100),
    })
    // `cursor` is `since` under the name every other paginated route takes (docs/api.md).
    .refine((q) => q.since === undefined || q.cursor === undefined || q.since === q.cursor, {
      path: ['cursor'],
      error: (issue) => {
        const q = issue.input as { since?: string; cursor?: string };
        return `since (« ${q.since} ») et cursor (« ${q.cursor} ») désignent le même curseur mais diffèrent : n’en envoyez qu’un.`;
      },
      params: { code: 'REQUETE_INVALIDE' },
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
