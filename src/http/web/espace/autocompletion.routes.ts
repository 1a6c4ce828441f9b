import type { FastifyPluginAsync } from 'fastify';
import { messageCodeAbsent } from '../../../domain/certification-absente.ts';
import { suggestCertifications } from '../../../services/espace.service.ts';
import { proposeCommunes } from '../../../services/espace-sessions.service.ts';
import { requireRole } from '../guard.ts';
import { describeCertification } from './certification.ts';

// The two JSON look-ups behind the space's autocompletes (scripts/autocompletion.js), for a
// signed-in `organisme` user; the pages never need them (without JavaScript the same services
// answer the forms' "Chercher" buttons). `q` shorter than 2 characters → nothing proposed.

const texte = (q: unknown) => {
  const v = (q as { q?: unknown } | undefined)?.q;
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
};

export const autocompletionRoutes: FastifyPluginAsync = async (app) => {
  /**
   * Certifications by code or words: { propositions, correction, absent }. `propositions`:
   * [{ valeur, codes, intitule, details, expiree, badge }] (at most 30); `correction`: the words
   * searched when the typed ones found nothing and their typo correction did (« cuisne » →
   * « cuisine »), else null; `absent`: a complete code no loaded reference holds, { code, message }
   * with the page's own explanation (domain/certification-absente.ts messageCodeAbsent), else null.
   */
  app.get('/espace/certifications.json', async (request, reply) => {
    requireRole(request, 'organisme');
    const q = texte(request.query);
    const { proposees, correction, absent } =
      q.length < 2
        ? { proposees: [], correction: null, absent: null }
        : await suggestCertifications(app.ctx.db, q, app.ctx.now().toISOString().slice(0, 10));
    return reply.header('cache-control', 'no-store').send({
      propositions: proposees.map(describeCertification),
      correction,
      absent: absent ? { code: absent.code, message: messageCodeAbsent(absent) } : null,
    });
  });

  /** Communes by postal code or name: [{ code_insee, nom, code_postal, lat, lon }] (at most 10). */
  app.get('/espace/communes.json', async (request, reply) => {
    requireRole(request, 'organisme');
    const q = texte(request.query);
    return reply
      .header('cache-control', 'no-store')
      .send(q.length < 2 ? [] : await proposeCommunes(app.ctx.db, q));
  });
};
