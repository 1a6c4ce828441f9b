import type { FastifyPluginAsync } from 'fastify';
import {
  addSessionRoute,
  createFormationRoute,
  getFormationRoute,
  historiqueRoute,
  listFormationsRoute,
  updateFormationRoute,
} from '../../contract/index.ts';
import { notFound } from '../../domain/errors.ts';
import { getHistorique } from '../../services/feed.service.ts';
import { addSession, getFormation, listFormations, saveFormation } from '../../services/formation.service.ts';
import { mountRoute } from './route.ts';

export const formationRoutes: FastifyPluginAsync = async (app) => {
  const { ctx } = app;
  mountRoute(app, listFormationsRoute, async (req) => {
    const { limit, cursor, ...filters } = req.query;
    return listFormations(ctx.db, req.acteur, filters, { limit, cursor });
  });
  mountRoute(app, getFormationRoute, async (req) => {
    const f = await getFormation(ctx.db, req.acteur, req.params.id);
    if (!f) throw notFound(`Formation ${req.params.id}`);
    return f;
  });
  mountRoute(app, historiqueRoute, async (req) => getHistorique(ctx.db, req.acteur, req.params.id));
  mountRoute(app, createFormationRoute, async (req, reply) => {
    const r = await saveFormation(ctx, req.acteur, req.body);
    reply.status(r.created ? 201 : 200);
    if (r.created) reply.header('location', `/api/v1/formations/${r.id}`);
    return { ...r, revision: !!r.revision, formation: await getFormation(ctx.db, req.acteur, r.id) };
  });
  mountRoute(app, updateFormationRoute, async (req) => {
    const r = await saveFormation(ctx, req.acteur, req.body, { id: req.params.id });
    return { ...r, revision: !!r.revision, formation: await getFormation(ctx.db, req.acteur, r.id) };
  });
  mountRoute(app, addSessionRoute, async (req, reply) => {
    const r = await addSession(ctx, req.acteur, req.params.id, req.body);
    reply.status(r.created ? 201 : 200);
    return {
      session_id: r.sessionId,
      created: r.created,
      formation: await getFormation(ctx.db, req.acteur, req.params.id),
    };
  });
};
