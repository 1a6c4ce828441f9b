import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyPluginAsync } from 'fastify';
import { openApiDocument } from './openapi.ts';

/**
 * Interactive documentation at /api/docs: Swagger UI over the generated document, its assets
 * served from node_modules (no CDN). The document describes the contract (src/contract), which the OpenAPI test proves is what the API mounts.
 */
export const apiDocsPlugin: FastifyPluginAsync = async (app) => {
  const document = await openApiDocument();
  await app.register(swagger, { mode: 'static', specification: { document: document as never } });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
};
