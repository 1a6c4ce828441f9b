import type { FastifyPluginAsync } from 'fastify';
import { getCle, getCles, postCle, postRevocation, putProfils } from '../../contract/index.ts';
import {
  createApiKey,
  getCle as lireCle,
  listCles,
  revokeCle,
  updateProfilsApiKey,
} from '../../services/apikey.service.ts';
import { mountRoute } from './route.ts';

export const adminClesRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, getCles, async () => ({ data: await listCles(app.ctx) }));
  // The key's ETag (contract) is the version of its profiles: the If-Match of PUT …/profils.
  mountRoute(app, getCle, async (request) => lireCle(app.ctx, request.params.id));
  mountRoute(app, postCle, async (request, reply) =>
    reply.code(201).send(await createApiKey(app.ctx, request.body, request.acteur)),
  );
  mountRoute(app, postRevocation, async (request) => revokeCle(app.ctx, request.params.id, request.acteur));
  // Optional If-Match, as on the other writes: without it the save replaces the profiles as they are.
  mountRoute(app, putProfils, async (request) =>
    updateProfilsApiKey(app.ctx, request.params.id, request.body.profils, request.acteur, {
      siMatch: request.ifMatch,
    }),
  );
};
