import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import { buildOpenApi } from './openapi.ts';
import { mountedRoutes } from './route.ts';

/**
 * Interactive documentation at /api/docs: Swagger UI over the generated document, its assets
 * served from node_modules (no CDN). Register after the API so that every route is known.
 */
export const apiDocsPlugin: FastifyPluginAsync = async (app) => {
  const document = buildOpenApi(mountedRoutes(app.ctx));
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
};
