import type { FastifyPluginAsync } from 'fastify';
import { communesRoute } from '../../contract/index.ts';
import { suggestCommunes } from '../../services/recherche.service.ts';
import { mountRoute } from './route.ts';

export const communesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, communesRoute, async (req) => suggestCommunes(app.ctx.db, req.query.q));
};
