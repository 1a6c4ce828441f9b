import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { buildOpenApi } from './openapi.ts';
import { defineRoute, mountedRoutes, mountRoute } from './route.ts';

export const santeRoute = defineRoute({
  method: 'GET',
  url: '/sante',
  summary: 'État du service',
  tags: ['Service'],
  auth: 'public',
  response: { 200: z.object({ statut: z.literal('ok'), moteur: z.enum(['pglite', 'postgres']) }) },
});

export const openApiRoute = defineRoute({
  method: 'GET',
  url: '/openapi.json',
  summary: 'Ce document (OpenAPI 3.1)',
  tags: ['Service'],
  auth: 'public',
  response: { 200: z.record(z.string(), z.unknown()) },
});

export const metaRoutes: FastifyPluginAsync = async (app) => {
  let document: Record<string, unknown> | null = null;
  mountRoute(app, santeRoute, async () => ({ statut: 'ok' as const, moteur: app.ctx.engine }));
  // Built on first request, once every plugin has mounted its routes.
  mountRoute(app, openApiRoute, async () => (document ??= buildOpenApi(mountedRoutes(app.ctx))));
};
