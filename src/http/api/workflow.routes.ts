import type { FastifyPluginAsync } from 'fastify';
import { revisionRoute, workflowRouteDefs } from '../../contract/index.ts';
import { getRevision, type Transition, transition } from '../../services/workflow.service.ts';
import { mountRoute } from './route.ts';

export const workflowRoutes: FastifyPluginAsync = async (app) => {
  for (const [t, def] of Object.entries(workflowRouteDefs) as [
    Transition,
    (typeof workflowRouteDefs)[Transition],
  ][]) {
    mountRoute(app, def, async (req) =>
      transition(
        app.ctx,
        req.acteur,
        req.params.id,
        t,
        (req.body as { commentaire?: string } | undefined)?.commentaire,
      ),
    );
  }
  mountRoute(app, revisionRoute, async (req) => getRevision(app.ctx.db, req.acteur, req.params.id));
};
