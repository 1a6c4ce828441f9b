import type { FastifyInstance } from 'fastify';
import type { Acteur } from '../../domain/acteur.ts';
import { OffreError } from '../../domain/errors.ts';
import { authenticateApiKey, usageCounter } from '../../services/apikey.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who calls: anonymous, an API key, or (set earlier by the pages' session plugin) a user. */
    acteur: Acteur;
  }
}

const ANONYME: Acteur = Object.freeze({ kind: 'anonyme' });

/** Resolves `request.acteur` from `Authorization: Bearer <key>` and counts calls per key and day. */
export async function registerAuth(app: FastifyInstance): Promise<void> {
  if (!app.hasRequestDecorator('acteur')) app.decorateRequest('acteur', null as never);
  const usage = usageCounter(app.ctx.db);
  app.addHook('onClose', async () => usage.flush());
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (!header) {
      request.acteur ??= ANONYME;
      return;
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m)
      throw new OffreError(
        'AUTH_INVALIDE',
        'En-tête Authorization invalide : attendu « Bearer <clé d’API> ».',
        {},
        401,
      );
    const acteur = await authenticateApiKey(app.ctx.db, m[1]!, app.ctx.now());
    if (acteur?.kind !== 'cle')
      throw new OffreError('CLE_INVALIDE', 'Clé d’API inconnue, révoquée ou expirée.', {}, 401);
    request.acteur = acteur;
    usage.count(acteur.id, app.ctx.now());
  });
}
