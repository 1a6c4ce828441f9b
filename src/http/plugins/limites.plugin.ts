import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComptesConfig } from '../../config.ts';
import { deleteLimitesExpirees, hitLimite, refundLimite, resetLimite } from '../../db/limite.repository.ts';
import { acteurLabel } from '../../domain/acteur.ts';
import { OffreError } from '../../domain/errors.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { auditer } from '../../services/audit.service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * preHandlers limiting sign-in (per IP and per account), sign-up and password-reset requests
     * (per IP, each its own counter: sign-ups do not use up the reset requests), invitations (per
     * account and per IP).
     */
    limites: {
      connexion: LimiteHook;
      /**
       * After a successful sign-in: the account's counter starts again and the IP's attempt is
       * given back, so that only failures count (an office behind one IP never locks itself out).
       */
      connexionReussie: (request: FastifyRequest, email: string) => Promise<void>;
      inscription: LimiteHook;
      reinitialisation: LimiteHook;
      /**
       * Invitations of colleagues, each an e-mail Offre sends to any address: per signed-in
       * account and per IP. The first refusal of a window is journaled (limite_depassee).
       */
      invitation: LimiteHook;
    };
  }
}

type LimiteHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Attempt counters shared by every server process (table `limite_tentative`), as a store of
 * @fastify/rate-limit: in-memory counters would let an attacker multiply its tries by the number
 * of processes.
 */
function storeOf(app: FastifyInstance) {
  let calls = 0;
  return class DatabaseStore {
    incr(
      key: string,
      cb: (e: Error | null, r?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      const now = new Date();
      // Ended windows are swept now and then, so that the table holds only live counters.
      if (++calls % 200 === 0)
        deleteLimitesExpirees(app.ctx.db, now).catch((e) => app.log.warn({ err: e }, 'limites'));
      hitLimite(app.ctx.db, key, now, timeWindow).then(
        (r) => cb(null, { current: r.nombre, ttl: Math.max(0, r.fin.getTime() - now.getTime()) }),
        (e) => cb(e as Error),
      );
    }
    child() {
      return this;
    }
  };
}

const emailOf = (request: FastifyRequest) => {
  const e = (request.body as { email?: unknown } | undefined)?.email;
  return typeof e === 'string' ? e.trim().toLowerCase().slice(0, 254) : '';
};

const minutes = (s: number) => Math.max(1, Math.ceil(s / 60));

export async function registerLimites(app: FastifyInstance, c: ComptesConfig): Promise<void> {
  await app.register(rateLimit, { global: false, store: storeOf(app) as never });
  const timeWindow = c.fenetreMin * 60_000;
  const cleIp = (prefix: string, r: FastifyRequest) => `${prefix}:ip:${r.ip}`;
  const cleCompte = (email: string) => `connexion:compte:${email.trim().toLowerCase().slice(0, 254)}`;
  const parIp = (prefix: string, max: number) =>
    app.createRateLimit({ keyGenerator: (r) => cleIp(prefix, r), max, timeWindow });
  const connexionIp = parIp('connexion', c.connexionParIp);
  const connexionCompte = app.createRateLimit({
    keyGenerator: (r) => cleCompte(emailOf(r)),
    max: c.connexionParCompte,
    timeWindow,
  });
  const inscriptionIp = parIp('inscription', c.inscriptionParIp);
  const reinitialisationIp = parIp('reinitialisation', c.inscriptionParIp);

  const refuse = (reply: FastifyReply, ttlInSeconds: number, compte: boolean): never => {
    reply.header('retry-after', String(ttlInSeconds));
    throw new OffreError(
      'TROP_DE_TENTATIVES',
      compte
        ? `Trop de tentatives de connexion à ce compte. Par sécurité, réessayez dans ${pluriel(minutes(ttlInSeconds), 'minute', 'minutes')} ou réinitialisez votre mot de passe.`
        : `Trop de tentatives depuis votre connexion internet. Réessayez dans ${pluriel(minutes(ttlInSeconds), 'minute', 'minutes')}.`,
      { retry_after: ttlInSeconds },
      429,
    );
  };

  /** Counts an invitation on `cle`; past `max`, says when to retry (and journals the first refusal). */
  const invitationDe = async (
    request: FastifyRequest,
    reply: FastifyReply,
    par: 'compte' | 'ip',
    cle: string,
    max: number,
  ) => {
    const now = app.ctx.now();
    const h = await hitLimite(app.ctx.db, cle, now, timeWindow);
    if (h.nombre <= max) return;
    const ttl = Math.max(1, Math.ceil((h.fin.getTime() - now.getTime()) / 1000));
    if (h.nombre === max + 1)
      await auditer(app.ctx.db, now, {
        evenement: 'limite_depassee',
        acteur: request.compte ? `utilisateur:${request.compte.email}` : acteurLabel(request.acteur),
        ip: request.ip,
        cible: `${request.method} ${request.url.split('?')[0]}`,
        details: { genre: 'invitation', par, limite: max, fenetre_s: timeWindow / 1000 },
      }).catch((e) => app.log.warn({ err: e }, 'audit'));
    reply.header('retry-after', String(ttl));
    throw new OffreError(
      'TROP_D_INVITATIONS',
      `Trop d’invitations envoyées depuis ${par === 'compte' ? 'votre compte' : 'votre connexion internet'}. Réessayez dans ${pluriel(minutes(ttl), 'minute', 'minutes')} : au plus ${pluriel(max, 'invitation', 'invitations')} toutes les ${pluriel(c.fenetreMin, 'minute', 'minutes')}.`,
      { retry_after: ttl },
      429,
    );
  };

  app.decorate('limites', {
    connexion: async (request, reply) => {
      const ip = await connexionIp(request);
      if (!ip.isAllowed && ip.isExceeded) refuse(reply, ip.ttlInSeconds, false);
      if (!emailOf(request)) return;
      const compte = await connexionCompte(request);
      if (!compte.isAllowed && compte.isExceeded) refuse(reply, compte.ttlInSeconds, true);
    },
    connexionReussie: async (request, email) => {
      await resetLimite(app.ctx.db, cleCompte(email));
      await refundLimite(app.ctx.db, cleIp('connexion', request));
    },
    inscription: async (request, reply) => {
      const ip = await inscriptionIp(request);
      if (!ip.isAllowed && ip.isExceeded) refuse(reply, ip.ttlInSeconds, false);
    },
    reinitialisation: async (request, reply) => {
      const ip = await reinitialisationIp(request);
      if (!ip.isAllowed && ip.isExceeded) refuse(reply, ip.ttlInSeconds, false);
    },
    invitation: async (request, reply) => {
      // The account first (its refusals do not use up the address's); signed out, the route sends
      // to the sign-in page: nothing to count for an account.
      if (request.compte)
        await invitationDe(
          request,
          reply,
          'compte',
          `invitation:compte:${request.compte.id}`,
          c.invitationParCompte,
        );
      await invitationDe(request, reply, 'ip', cleIp('invitation', request), c.invitationParIp);
    },
  });
}
