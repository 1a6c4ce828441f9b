import type { FastifyPluginAsync } from 'fastify';
import { revisionRoute, workflowRouteDefs } from '../../contract/index.ts';
import { returnOffre, validateOffre } from '../../services/gestion/validation.service.ts';
import { getRevision, type Transition, transition } from '../../services/workflow.service.ts';
import { mountRoute } from './route.ts';

export const workflowRoutes: FastifyPluginAsync = async (app) => {
  for (const [t, def] of Object.entries(workflowRouteDefs) as [
    Transition,
    (typeof workflowRouteDefs)[Transition],
  ][]) {
    mountRoute(app, def, async (req) => {
      const commentaire = (req.body as { commentaire?: string } | undefined)?.commentaire;
      // Validation and return tell the organisme (e-mail, notification), as the /gestion pages do.
      // The API's client reads GET …/revision (ecarts.introduit) first; the confirmation the
      // page asks before taking an offer out of diffusion is not part of the API's contract yet.
      if (t === 'valider')
        return validateOffre(app.ctx, req.acteur, req.params.id, { retraitConfirme: true });
      if (t === 'retourner') return returnOffre(app.ctx, req.acteur, req.params.id, commentaire ?? '');
      return transition(app.ctx, req.acteur, req.params.id, t, commentaire);
    });
  }
  mountRoute(app, revisionRoute, async (req) =>
    getRevision(app.ctx.db, req.acteur, req.params.id, app.ctx.now()),
  );
};
