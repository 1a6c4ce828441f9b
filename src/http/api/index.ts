import type { FastifyPluginAsync } from 'fastify';

/** Every /api/v1 route. Each use case registers its own file here. */
export const apiPlugin: FastifyPluginAsync = async (app) => {
  app.get('/sante', async () => ({ statut: 'ok', moteur: app.ctx.engine }));
};
