import type { FastifyPluginAsync } from 'fastify';
import { configOf } from '../../../context.ts';
import { type FiltreAuditSaisi, readAudit } from '../../../services/audit.service.ts';
import { erreursDe } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { sendPage } from '../reponse.ts';
import { JournalPage } from './journal.page.tsx';

const CHAMPS = ['evenement', 'qui', 'ip', 'du', 'au', 'apres'] as const;

// /admin/journal: the audit trail of security events, administrators only (same service as `offre audit list`).
export const journalRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Record<string, unknown> }>('/admin/journal', async (request, reply) => {
    requireRole(request, 'admin');
    const filtre: FiltreAuditSaisi = {};
    for (const c of CHAMPS) {
      const v = request.query[c];
      if (typeof v === 'string' && v.trim()) filtre[c] = v.trim().slice(0, 200);
    }
    const retentionJours = configOf(app.ctx).auditRetentionJours;
    try {
      const { lignes, suivant } = await readAudit(app.ctx, filtre);
      return sendPage(request, reply, JournalPage({ lignes, suivant, filtre, retentionJours }));
    } catch (e) {
      const erreurs = erreursDe(e, 'evenement');
      return sendPage(
        request,
        reply,
        JournalPage({ lignes: [], suivant: null, filtre, retentionJours, erreurs }),
        400,
      );
    }
  });
};
