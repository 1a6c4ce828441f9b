import type { FastifyPluginAsync } from 'fastify';
import { configOf } from '../../../context.ts';
import { boiteEnvoi } from '../../../services/comptes/courriel.service.ts';
import { requireRole } from '../guard.ts';
import { sendPage } from '../reponse.ts';
import { CourrielsPage } from './admin.page.tsx';

export const adminRoutes: FastifyPluginAsync = async (app) => {
  app.get('/admin/courriels', async (request, reply) => {
    requireRole(request, 'admin');
    return sendPage(
      request,
      reply,
      CourrielsPage({ courriels: await boiteEnvoi(app.ctx), smtp: !!configOf(app.ctx).smtpUrl }),
    );
  });
};
