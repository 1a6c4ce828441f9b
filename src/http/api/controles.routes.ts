import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { notFound } from '../../domain/errors.ts';
import { controlesDeFormation } from '../../services/conformite.service.ts';
import { getFormation } from '../../services/formation.service.ts';
import { defineRoute, mountRoute } from './route.ts';

const PreuveSchema = z.object({
  kind: z.string(),
  fichier: z.string(),
  date: z.string().nullable().describe('date propre du fichier source (AAAA-MM-JJ), null si inconnue'),
  importe_le: z.string().optional().describe('date de l’import'),
  run_id: z.number(),
  fait: z.string(),
});

export const getControles = defineRoute({
  method: 'GET',
  url: '/formations/:id/controles',
  summary: 'Résultat de chaque règle de conformité, avec message et preuves',
  tags: ['Formations'],
  auth: 'public',
  params: z.object({ id: z.string().max(64) }),
  response: {
    200: z.object({
      id: z.string(),
      catalogue: z.string().nullable(),
      certifiee: z.boolean().nullable(),
      parcoursup: z.string(),
      affelnet: z.string(),
      data: z.array(
        z.object({
          code: z.string(),
          resultat: z.enum(['passe', 'echec', 'non_applicable']),
          severite: z.enum(['bloquant', 'plateforme', 'alerte']),
          champ: z.string().nullable(),
          message: z.string(),
          preuves: z.array(PreuveSchema),
          computed_at: z.string(),
        }),
      ),
    }),
  },
});

export const controlesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, getControles, async (req) => {
    const f = await getFormation(app.ctx.db, req.acteur, req.params.id);
    if (!f) throw notFound(`Formation ${req.params.id}`);
    const { catalogue, certifiee, parcoursup, affelnet } = f.conformite;
    return {
      id: f.id,
      catalogue,
      certifiee,
      parcoursup,
      affelnet,
      data: await controlesDeFormation(app.ctx.db, f.id, app.ctx.now()),
    };
  });
};
