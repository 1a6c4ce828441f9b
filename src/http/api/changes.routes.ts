import type { FastifyPluginAsync } from 'fastify';
import { changesRoute } from '../../contract/index.ts';
import { readFeedJson } from '../../services/feed.service.ts';
import { mountRoute } from './route.ts';

export const changesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, changesRoute, async (req, reply) => {
    // The stored documents' bytes joined as they are: already the JSON of the contract.
    reply.type('application/json; charset=utf-8');
    return (await readFeedJson(app.ctx.db, req.acteur, req.query.since, req.query.limit)) as never;
  });
};
