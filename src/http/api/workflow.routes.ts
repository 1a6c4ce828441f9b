import type { FastifyPluginAsync } from 'fastify';
import { revisionRoute, workflowRouteDefs } from '../../contract/index.ts';
import { versionFormation } from '../../services/formation.service.ts';
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
      // An If-Match (the ETag of GET …/revision or GET /formations/{id}) ties the decision to the
      // version read: 412 PRECONDITION_ECHOUEE when it changed since; without it, unconditional.
      const siMatch = req.ifMatch;
      if (t === 'valider')
        return (await validateOffre(app.ctx, req.acteur, req.params.id, { retraitConfirme: true, siMatch }))
          .formation;
      if (t === 'retourner')
        return (await returnOffre(app.ctx, req.acteur, req.params.id, commentaire ?? '', { siMatch }))
          .formation;
      // The organisme's publier, archiver, supprimer (and restaurer) take the same If-Match as PUT:
      // the ETag of GET /formations/{id}, 412 when the offer changed since; without it, unconditional.
      return transition(app.ctx, req.acteur, req.params.id, t, commentaire, siMatch);
    });
  }
  // The version read, for the decision's If-Match (the formation's strong ETag, from the contract),
  // taken by mountRoute before the read: a write between them makes the tag stale, never the content unseen.
  mountRoute(
    app,
    revisionRoute,
    async (req) => getRevision(app.ctx.db, req.acteur, req.params.id, app.ctx.now()),
    {
      lireEtag: (req) => versionFormation(app.ctx.db, req.params.id),
    },
  );
};
