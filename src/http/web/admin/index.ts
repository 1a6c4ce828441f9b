import type { FastifyPluginAsync } from 'fastify';
import { clesRoutes } from './cles.routes.ts';
import { instructionRoutes } from './instruction.routes.ts';
import { journalRoutes } from './journal.routes.ts';
import { perimetreRoutes } from './perimetre.routes.ts';
import { utilisateursRoutes } from './utilisateurs.routes.ts';

/**
 * Administration pages (/admin/cles, /admin/utilisateurs, /admin/perimetre, /admin/journal) and
 * the instructeur's workspace (/instruction).
 */
export const adminWebRoutes: FastifyPluginAsync = async (app) => {
  await app.register(clesRoutes);
  await app.register(instructionRoutes);
  await app.register(perimetreRoutes);
  await app.register(journalRoutes);
  await app.register(utilisateursRoutes);
};
