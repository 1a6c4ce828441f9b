import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ComptesConfig } from '../../config.ts';
import { deleteLimitesExpirees, hitLimite, refundLimite, resetLimite } from '../../db/limite.repository.ts';
import { acteurLabel } from '../../domain/acteur.ts';
import { isCourriel } from '../../domain/courriel.ts';
import { OffreError } from '../../domain/errors.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { auditer } from '../../services/audit.service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * preHandlers limiting sign-in (per IP, per account and IP, per account), sign-up and
     * password-reset requests (per IP, each its own counter: sign-ups do not use up the reset
     * requests), invitations (per account and per IP). Each refusal is journaled (`limite_depassee`;
     * invitations: the first of a window).
     */
    limites: {
      connexion: LimiteHook;
      /**
       * After a successful sign-in: the account's counter for this IP starts again and the
       * attempt is given back to the IP's and the account's, so that only failures count (an
       * office behind one IP never locks itself out).
       */
      connexionReussie: (request: FastifyRequest, email: string) => Promise<void>;
      inscription: LimiteHook;
      /**
       * After a sign-up form sent back for its input (a field to correct: no e-mail sent, no
       * password hashed): the IP gets the attempt back, so that only the sign-ups that passed the
       * form's checks count — those hash a password and send e-mail (to the examiners, a
       * structure's users, an address that already has an account). A person correcting typos is
       * never locked out; a flood of e-mails still is (and per SIREN whatever the IP:
       * structure.service.ts signUpStructure).
       */
      inscriptionRefusee: (request: FastifyRequest) => Promise<void>;
      reinitialisation: LimiteHook;
      /** After a reset request sent back empty (nothing to look up, no e-mail): as inscriptionRefusee. */
      reinitialisationRefusee: (request: FastifyRequest) => Promise<void>;
      /**
       * Invitations of colleagues, each an e-mail Offre sends to any address: per signed-in
       * account and per IP. The first refusal of a window is journaled (limite_depassee).
       */
      invitation: LimiteHook;
      /**
       * After an invitation refused (invalid address, colleague already there, invitation sent
       * less than 24 hours ago, structure not active: no e-mail left): the account and the IP get
       * the attempt back, so that only sent e-mails count — the limit is about mail sent, and a
       * refused answer is the same for any address (no probing for accounts either way).
       */
      invitationRefusee: (request: FastifyRequest) => Promise<void>;
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

/** At most this many refusals (429) journaled per IP address and window: a flood fills nothing. */
const AUDIT_429_PAR_FENETRE = 50;

/** Which counter refused, as the journal stores it (`details.compteur`). */
type Compteur =
  | 'connexion_compte_ip'
  | 'connexion_compte'
  | 'connexion_ip'
  | 'inscription_ip'
  | 'reinitialisation_ip';

export async function registerLimites(app: FastifyInstance, c: ComptesConfig): Promise<void> {
  await app.register(rateLimit, { global: false, store: storeOf(app) as never });
  const timeWindow = c.fenetreMin * 60_000;
  const cleIp = (prefix: string, r: FastifyRequest) => `${prefix}:ip:${r.ip}`;
  const normal = (email: string) => email.trim().toLowerCase().slice(0, 254);
  // OWASP: the failures are counted per account AND address, so that an attacker's address is
  // locked out of an account without locking its owner out of his own; per address whatever the
  // account (credential stuffing); and per account whatever the address, with a much higher
  // ceiling (a guess spread over many addresses).
  const cleCompteIp = (email: string, r: FastifyRequest) => `connexion:compte-ip:${normal(email)}:${r.ip}`;
  const cleCompte = (email: string) => `connexion:compte:${normal(email)}`;
  const parIp = (prefix: string, max: number) =>
    app.createRateLimit({ keyGenerator: (r) => cleIp(prefix, r), max, timeWindow });
  const connexionIp = parIp('connexion', c.connexionParIp);
  const connexionCompteIp = app.createRateLimit({
    keyGenerator: (r) => cleCompteIp(emailOf(r), r),
    max: c.connexionParCompte,
    timeWindow,
  });
  const connexionCompte = app.createRateLimit({
    keyGenerator: (r) => cleCompte(emailOf(r)),
    max: c.connexionParCompteTotal,
    timeWindow,
  });
  const inscriptionIp = parIp('inscription', c.inscriptionParIp);
  const reinitialisationIp = parIp('reinitialisation', c.inscriptionParIp);
  const maxDe: Record<Compteur, number> = {
    connexion_compte_ip: c.connexionParCompte,
    connexion_compte: c.connexionParCompteTotal,
    connexion_ip: c.connexionParIp,
    inscription_ip: c.inscriptionParIp,
    reinitialisation_ip: c.inscriptionParIp,
  };

  /**
   * Each refusal goes to the security journal (`limite_depassee`): a lockout is an attack's trace,
   * and the right password tried while locked out is one of them. The target is the account tried
   * (the address typed, as a failed sign-in's, if it has the form of one), else the form's address;
   * never an actor (who tried is not known). At most AUDIT_429_PAR_FENETRE per IP and window: the
   * refused attempts cost the attacker nothing, one entry each would let him fill the journal.
   */
  const journaliser = async (request: FastifyRequest, compteur: Compteur) => {
    const now = app.ctx.now();
    const h = await hitLimite(app.ctx.db, `audit429:${request.ip}`, now, timeWindow);
    if (h.nombre > AUDIT_429_PAR_FENETRE) return;
    const email = compteur.startsWith('connexion') ? emailOf(request) : '';
    await auditer(app.ctx.db, now, {
      evenement: 'limite_depassee',
      acteur: null,
      ip: request.ip,
      cible: isCourriel(email) ? email : `${request.method} ${request.url.split('?')[0]}`,
      details: { compteur, limite: maxDe[compteur], fenetre_s: timeWindow / 1000 },
    });
  };

  const refuse = async (
    request: FastifyRequest,
    reply: FastifyReply,
    ttlInSeconds: number,
    compteur: Compteur,
  ): Promise<never> => {
    await journaliser(request, compteur).catch((e) => app.log.warn({ err: e }, 'limites'));
    reply.header('retry-after', String(ttlInSeconds));
    const dans = pluriel(minutes(ttlInSeconds), 'minute', 'minutes');
    throw new OffreError(
      'TROP_DE_TENTATIVES',
      compteur === 'connexion_compte_ip'
        ? `Trop de tentatives de connexion à ce compte depuis votre connexion internet. Par sécurité, réessayez dans ${dans} ou réinitialisez votre mot de passe.`
        : compteur === 'connexion_compte'
          ? `Trop de tentatives de connexion à ce compte. Par sécurité, réessayez dans ${dans} ou réinitialisez votre mot de passe.`
          : `Trop de tentatives depuis votre connexion internet. Réessayez dans ${dans}.`,
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
      if (!ip.isAllowed && ip.isExceeded) await refuse(request, reply, ip.ttlInSeconds, 'connexion_ip');
      if (!emailOf(request)) return;
      // An attempt refused for this address does not count against the account's ceiling: one
      // address adds at most connexionParCompte to it per window.
      const compteIp = await connexionCompteIp(request);
      if (!compteIp.isAllowed && compteIp.isExceeded)
        await refuse(request, reply, compteIp.ttlInSeconds, 'connexion_compte_ip');
      const compte = await connexionCompte(request);
      if (!compte.isAllowed && compte.isExceeded)
        await refuse(request, reply, compte.ttlInSeconds, 'connexion_compte');
    },
    connexionReussie: async (request, email) => {
      // This address starts again for this account; the account's ceiling and the address's
      // counter get this attempt back (a success is no failure), an attack's other failures stay.
      await resetLimite(app.ctx.db, cleCompteIp(email, request));
      await refundLimite(app.ctx.db, cleCompte(email));
      await refundLimite(app.ctx.db, cleIp('connexion', request));
    },
    inscription: async (request, reply) => {
      const ip = await inscriptionIp(request);
      if (!ip.isAllowed && ip.isExceeded) await refuse(request, reply, ip.ttlInSeconds, 'inscription_ip');
    },
    inscriptionRefusee: (request) => refundLimite(app.ctx.db, cleIp('inscription', request)),
    reinitialisation: async (request, reply) => {
      const ip = await reinitialisationIp(request);
      if (!ip.isAllowed && ip.isExceeded)
        await refuse(request, reply, ip.ttlInSeconds, 'reinitialisation_ip');
    },
    reinitialisationRefusee: (request) => refundLimite(app.ctx.db, cleIp('reinitialisation', request)),
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
    invitationRefusee: async (request) => {
      if (request.compte) await refundLimite(app.ctx.db, `invitation:compte:${request.compte.id}`);
      await refundLimite(app.ctx.db, cleIp('invitation', request));
    },
  });
}
