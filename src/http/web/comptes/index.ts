import type { FastifyPluginAsync } from 'fastify';
import { connexionRoutes } from './connexion.routes.ts';
import { espacesRoutes } from './espaces.routes.ts';

/** Account pages: sign-in and passwords, sign-up, account, invitations, notifications, approvals, outbox. */
export const comptesRoutes: FastifyPluginAsync = async (app) => {
  await app.register(connexionRoutes);
  await app.register(espacesRoutes);
};
