import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Acteur } from '../../domain/acteur.ts';
import { type Compte, readConnexion } from '../../services/comptes/connexion.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who calls: anonymous, the signed-in user (session cookie), or an API key (Bearer, API only). */
    acteur: Acteur;
    /** The signed-in account, whatever its state (pending, password to change); null when signed out. */
    compte: Compte | null;
    /** SHA-256 of the session token (sign-out ends it). */
    connexion: string | null;
  }
}

/** The session cookie: a random token; HttpOnly, SameSite=Lax, Secure over HTTPS. */
export const COOKIE_CONNEXION = 'offre_connexion';

const ANONYME: Acteur = Object.freeze({ kind: 'anonyme' });

/**
 * Resolves the session cookie into `request.compte` and, for an active account, `request.acteur`
 * — for pages and the JSON API alike (the API's Bearer key, when present, overrides it).
 * A pending structure's user or a user who must change a one-time password gets no actor:
 * it sees what anonymous visitors see.
 */
export async function registerConnexion(app: FastifyInstance): Promise<void> {
  app.decorateRequest('acteur', null as never);
  app.decorateRequest('compte', null);
  app.decorateRequest('connexion', null);
  app.addHook('onRequest', async (request, reply) => {
    request.acteur = ANONYME;
    const token = request.cookies[COOKIE_CONNEXION];
    if (!token) return;
    const lue = await readConnexion(app.ctx, token);
    if (!lue) {
      clearCookieConnexion(reply);
      return;
    }
    request.compte = lue.compte;
    request.connexion = lue.tokenHash;
    if (lue.acteur) request.acteur = lue.acteur;
  });
}

/** Sets the session cookie (browser session: the server decides expiry). */
export function setCookieConnexion(reply: FastifyReply, token: string): void {
  reply.setCookie(COOKIE_CONNEXION, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' });
}

export function clearCookieConnexion(reply: FastifyReply): void {
  reply.clearCookie(COOKIE_CONNEXION, { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' });
}
