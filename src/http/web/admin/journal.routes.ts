import type { FastifyPluginAsync } from 'fastify';
import { configOf } from '../../../context.ts';
import { checkFiltreAudit, EVENEMENTS_SECURITE, isEvenementSecurite } from '../../../domain/audit.ts';
import { type FiltreAuditSaisi, readAudit } from '../../../services/audit.service.ts';
import { parametreUnique } from '../../champ.fr.ts';
import { type ErreurChamp, erreursDe } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { sendPage } from '../reponse.ts';
import { JournalPage } from './journal.page.tsx';

const CHAMPS = ['evenement', 'qui', 'ip', 'du', 'au', 'apres'] as const;

// /admin/journal: the audit trail of security events, administrators only (same service as `offre audit list`).
export const journalRoutes: FastifyPluginAsync = async (app) => {
  app.get<{ Querystring: Record<string, unknown> }>('/admin/journal', async (request, reply) => {
    requireRole(request, 'admin');
    const filtre: FiltreAuditSaisi = {};
    // A filter given twice is refused on its field (PARAMETRE_REPETE, as the other pages and the
    // API), never dropped: the list would look filtered while it is not.
    const repetes: ErreurChamp[] = [];
    for (const c of CHAMPS) {
      try {
        const v = parametreUnique(request.query[c], c);
        if (typeof v === 'string' && v.trim()) filtre[c] = v.trim().slice(0, 200);
      } catch (e) {
        repetes.push(...erreursDe(e, c));
      }
    }
    const retentionJours = configOf(app.ctx).auditRetentionJours;
    // An event the list does not hold: said here with the list's labels (the service's message
    // names the stored codes, which `offre audit list --evenement` takes), with the other filters'
    // errors if any.
    const evenementInconnu = filtre.evenement !== undefined && !isEvenementSecurite(filtre.evenement);
    const erreurs: ErreurChamp[] = [...repetes];
    if (evenementInconnu)
      erreurs.push({
        champ: 'evenement',
        message: `L’événement « ${filtre.evenement} » n’existe pas : choisissez-en un dans la liste « Événement » (${Object.values(EVENEMENTS_SECURITE).join(', ')}).`,
      });
    // The period and the address, every error at once on its field (no search run: never an
    // empty list that looks like an answer).
    erreurs.push(...checkFiltreAudit(filtre).erreurs);
    if (!erreurs.length)
      try {
        const { lignes, suivant } = await readAudit(app.ctx, filtre);
        return sendPage(request, reply, JournalPage({ lignes, suivant, filtre, retentionJours }));
      } catch (e) {
        erreurs.push(...erreursDe(e, 'evenement'));
      }
    return sendPage(
      request,
      reply,
      JournalPage({ lignes: [], suivant: null, filtre, retentionJours, erreurs }),
      400,
    );
  });
};
