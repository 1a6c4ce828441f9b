import type { FastifyPluginAsync } from 'fastify';
import { communesRoute } from '../../contract/index.ts';
import { suggererCommunes } from '../../services/recherche.service.ts';
import { mountRoute } from './route.ts';

export const communesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, communesRoute, async (req) => suggererCommunes(app.ctx.db, req.query.q));
};
