import type { FastifyPluginAsync } from 'fastify';
import { createApiKey, listerApiKeys, revoquerApiKey } from '../../../services/apikey.service.ts';
import { erreursDe, lireFormulaire } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { ClesPage } from './cles.page.tsx';

// /admin/cles: API keys, for administrators (same service as `offre apikey` and /api/v1/admin/cles).
export const clesRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: { revoquee?: string } }>('/admin/cles', async (request, reply) => {
    requireRole(request, 'admin');
    const cles = await listerApiKeys(app.ctx);
    const r = cles.find((c) => c.id === request.query.revoquee && c.revoked_at);
    return sendPage(
      request,
      reply,
      ClesPage({ cles, message: r ? `Clé « ${r.name} » révoquée : elle reçoit désormais 401.` : undefined }),
    );
  });

  app.post('/admin/cles', async (request, reply) => {
    const u = requireRole(request, 'admin');
    const f = lireFormulaire(request.body, ['name', 'scope', 'siren', 'expire']);
    try {
      const creee = await createApiKey(app.ctx, f, u, 'formulaire');
      // The secret is shown in this answer only (no redirect: a GET could not show it again).
      return sendPage(request, reply, ClesPage({ cles: await listerApiKeys(app.ctx), creee }), 201);
    } catch (e) {
      const erreurs = erreursDe(e, 'name');
      return sendPage(
        request,
        reply,
        ClesPage({ cles: await listerApiKeys(app.ctx), saisie: f, erreurs }),
        400,
      );
    }
  });

  app.post<{ Params: { id: string } }>('/admin/cles/:id/revoquer', async (request, reply) => {
    const u = requireRole(request, 'admin');
    const r = await revoquerApiKey(app.ctx, request.params.id, u);
    return seeOther(reply, `/admin/cles?revoquee=${encodeURIComponent(r.id)}`);
  });
};
