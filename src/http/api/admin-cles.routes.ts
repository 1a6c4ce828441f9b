import type { FastifyPluginAsync } from 'fastify';
import { getCles, postCle, postRevocation, putProfils } from '../../contract/index.ts';
import { createApiKey, listCles, revokeCle, updateProfilsApiKey } from '../../services/apikey.service.ts';
import { mountRoute } from './route.ts';

export const adminClesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, getCles, async () => ({ data: await listCles(app.ctx) }));
  mountRoute(app, postCle, async (request, reply) =>
    reply.code(201).send(await createApiKey(app.ctx, request.body, request.acteur)),
  );
  mountRoute(app, postRevocation, async (request) => revokeCle(app.ctx, request.params.id, request.acteur));
  mountRoute(app, putProfils, async (request) =>
    updateProfilsApiKey(app.ctx, request.params.id, request.body.profils, request.acteur),
  );
};
