import type { FastifyPluginAsync } from 'fastify';
import { changesRoute } from '../../contract/index.ts';
import { readFeed } from '../../services/feed.service.ts';
import { mountRoute } from './route.ts';

export const changesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, changesRoute, async (req) =>
    readFeed(app.ctx.db, req.acteur, req.query.since, req.query.limit),
  );
};
