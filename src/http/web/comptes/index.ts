import type { FastifyPluginAsync } from 'fastify';
import { adminRoutes } from './admin.routes.ts';
import { compteRoutes } from './compte.routes.ts';
import { connexionRoutes } from './connexion.routes.ts';
import { espacesRoutes } from './espaces.routes.ts';
import { gestionRoutes } from './gestion.routes.ts';
import { inscriptionRoutes } from './inscription.routes.ts';

/** Account pages: sign-in and passwords, sign-up, account, invitations, notifications, approvals, outbox. */
export const comptesRoutes: FastifyPluginAsync = async (app) => {
  await app.register(connexionRoutes);
  await app.register(inscriptionRoutes);
  await app.register(compteRoutes);
  await app.register(espacesRoutes);
  await app.register(gestionRoutes);
  await app.register(adminRoutes);
};
