import type { FastifyPluginAsync } from 'fastify';
import { openApiRoute, santeRoute } from '../../contract/index.ts';
import { openApiDocument } from './openapi.ts';
import { mountRoute } from './route.ts';

export const metaRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, santeRoute, async () => ({ statut: 'ok' as const, moteur: app.ctx.engine }));
  mountRoute(app, openApiRoute, async () => openApiDocument());
};
