import type { FastifyPluginAsync } from 'fastify';
import { getCles, postCle, postRevocation } from '../../contract/index.ts';
import { createApiKey, listerApiKeys, revoquerApiKey } from '../../services/apikey.service.ts';
import { mountRoute } from './route.ts';

export const adminClesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, getCles, async () => ({ data: await listerApiKeys(app.ctx) }));
  mountRoute(app, postCle, async (request, reply) =>
    reply.code(201).send(await createApiKey(app.ctx, request.body, request.acteur)),
  );
  mountRoute(app, postRevocation, async (request) =>
    revoquerApiKey(app.ctx, request.params.id, request.acteur),
  );
};
