import type { FastifyInstance, FastifyRequest } from 'fastify';
import { configOf } from '../../context.ts';
import { hitLimite } from '../../db/limite.repository.ts';
import { acteurLabel, labelUtilisateur } from '../../domain/acteur.ts';
import { auditer } from '../../services/audit.service.ts';

// Refused accesses (403) on the API and the pages go to the audit trail (issue 15 item 6): who,
// from where, what (method and path, never the query string: e-mailed links carry tokens there),
// and the refusal's code. At most AUDIT_403_PAR_FENETRE per address and quota window: a script
// hammering a forbidden page must not flood the trail (the rate limits answer it anyway).

const AUDIT_403_PAR_FENETRE = 50;

/**
 * Who was refused: the caller's actor; a signed-in account that acts as no one (its structure
 * pending or refused, a password to change: request.acteur is anonymous) is named by its account,
 * as an active user is — a gestionnaire reading the journal sees who tried.
 */
function acteurDuRefus(request: FastifyRequest): string {
  const a = request.acteur;
  if (a && a.kind !== 'anonyme') return acteurLabel(a);
  const c = request.compte;
  return c ? labelUtilisateur(c.email) : 'anonyme';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The code of the error being answered (for the audit trail). */
    codeErreur?: string;
  }
}

export function registerAudit(app: FastifyInstance): void {
  const fenetreMs = configOf(app.ctx).quotas.fenetreS * 1000;
  app.addHook('onError', async (request, _reply, error) => {
    request.codeErreur = typeof error.code === 'string' ? error.code : undefined;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 403) return payload;
    try {
      const now = app.ctx.now();
      const h = await hitLimite(app.ctx.db, `audit403:${request.ip}`, now, fenetreMs);
      if (h.nombre <= AUDIT_403_PAR_FENETRE)
        await auditer(app.ctx.db, now, {
          evenement: 'acces_refuse',
          acteur: acteurDuRefus(request),
          ip: request.ip,
          cible: `${request.method} ${request.url.split('?')[0]}`,
          details: { code: request.codeErreur ?? null },
        });
    } catch (e) {
      // Never turn a refusal into a 500 for the sake of its record.
      request.log.warn({ err: e }, 'audit');
    }
    return payload;
  });
}
