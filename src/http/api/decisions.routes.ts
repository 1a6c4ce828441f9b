import type { FastifyPluginAsync } from 'fastify';
import { getDecisionsCle, getDecisionsStructure, getDecisionsUtilisateur } from '../../contract/index.ts';
import { historiqueDecisions } from '../../services/decisions.service.ts';
import { mountRoute } from './route.ts';

// The decisions on structures, accounts and API keys (issue 9 item 8); scope in the service.
export const decisionsRoutes: FastifyPluginAsync = async (app) => {
  mountRoute(app, getDecisionsStructure, async (req) => ({
    data: await historiqueDecisions(app.ctx, req.acteur, 'structure', req.params.siren),
  }));
  mountRoute(app, getDecisionsUtilisateur, async (req) => ({
    data: await historiqueDecisions(app.ctx, req.acteur, 'utilisateur', req.params.id),
  }));
  mountRoute(app, getDecisionsCle, async (req) => ({
    data: await historiqueDecisions(app.ctx, req.acteur, 'api_key', req.params.id),
  }));
};
