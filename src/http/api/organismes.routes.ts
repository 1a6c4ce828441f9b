import type { FastifyPluginAsync } from 'fastify';
import { organismeRoute } from '../../contract/index.ts';
import { getOrganisme } from '../../services/organisme.service.ts';
import { mountRoute } from './route.ts';

export const organismeRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, organismeRoute, async (req) => getOrganisme(app.ctx.db, req.params.siret, req.acteur));
};
