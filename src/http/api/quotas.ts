import type { FastifyInstance, FastifyReply } from 'fastify';
import { configOf } from '../../context.ts';
import { acteurLabel } from '../../domain/acteur.ts';
import { OffreError } from '../../domain/errors.ts';
import { auditer } from '../../services/audit.service.ts';
import { CompteurPartage } from './quota.counter.ts';

// API rate limits (issue 15 item 4): requests per window per API key (or signed-in user) and per
// anonymous IP address, reads (GET, HEAD) and writes counted apart, shared by every server process
// (./quota.counter.ts). Registered before the read cache: a cached answer is counted too.

declare module 'fastify' {
  interface FastifyInstance {
    /** This process's API request counters (created at the root, used by the API scope). */
    compteurQuotas: CompteurPartage;
    /** Pushes this process's counts to the shared counters now (tests; done every second anyway). */
    syncQuotas(): Promise<void>;
  }
}

/** At the application's root: the counters, and their last synchronisation on close. */
export function registerCompteurQuotas(app: FastifyInstance): void {
  const q = configOf(app.ctx).quotas;
  const log = (e: unknown) => app.log.warn({ err: e }, 'quotas');
  const compteur = new CompteurPartage(app.ctx.db, q.fenetreS * 1000, app.ctx.now, 1000, log);
  app.decorate('compteurQuotas', compteur);
  app.decorate('syncQuotas', () => compteur.synchroniser());
  app.addHook('onClose', async () => compteur.synchroniser());
}

type Genre = 'lecture' | 'ecriture';
const LECTURE = new Set(['GET', 'HEAD', 'OPTIONS']);

const QUI = {
  cle: 'cette clé d’API',
  utilisateur: 'votre compte',
  ip: 'votre adresse IP (appels sans clé d’API)',
} as const;

/** Sets Retry-After and throws the French 429 problem details (code QUOTA_DEPASSE). */
export function refusQuota(
  reply: FastifyReply,
  retry: number,
  limite: number,
  fenetreS: number,
  qui: keyof typeof QUI,
  genre: Genre,
): never {
  reply.header('retry-after', String(retry));
  throw new OffreError(
    'QUOTA_DEPASSE',
    `Quota ${genre === 'lecture' ? 'de lectures' : 'd’écritures'} atteint pour ${QUI[qui]} : ${limite} requêtes par ${fenetreS} s. Réessayez dans ${retry} s${qui === 'cle' ? ', ou demandez à l’administrateur un quota plus élevé pour cette clé' : qui === 'ip' ? ', ou utilisez une clé d’API' : ''}.`,
    { retry_after: retry, limite, fenetre_s: fenetreS, genre },
    429,
  );
}

export function registerQuotas(app: FastifyInstance): void {
  const q = configOf(app.ctx).quotas;
  const log = (e: unknown) => app.log.warn({ err: e }, 'quotas');
  const compteur = app.compteurQuotas;
  if (!q.actifs) return;
  app.addHook('onRequest', async (request, reply) => {
    const a = request.acteur;
    if (a.kind === 'systeme') return;
    const genre: Genre = LECTURE.has(request.method) ? 'lecture' : 'ecriture';
    const qui = a.kind === 'anonyme' ? 'ip' : a.kind;
    const limite =
      a.kind === 'anonyme'
        ? genre === 'lecture'
          ? q.lectureIp
          : q.ecritureIp
        : (request.quotaCle?.[genre] ?? (genre === 'lecture' ? q.lectureCle : q.ecritureCle));
    const d = await compteur.compter(
      `quota:${qui}:${a.kind === 'anonyme' ? request.ip : a.id}:${genre}`,
      limite,
    );
    reply.header('x-ratelimit-limit', String(limite));
    reply.header('x-ratelimit-remaining', String(Math.max(0, limite - d.nombre)));
    reply.header('x-ratelimit-reset', String(d.resteS));
    if (d.admis) return;
    // The first refusal of a window is a security event; the following ones would only flood it.
    if (d.premierRefus)
      await auditer(app.ctx.db, app.ctx.now(), {
        evenement: 'limite_depassee',
        acteur: acteurLabel(a),
        ip: request.ip,
        cible: `${request.method} ${request.url.split('?')[0]}`,
        details: { genre, limite, fenetre_s: q.fenetreS },
      }).catch(log);
    refusQuota(reply, d.resteS, limite, q.fenetreS, qui, genre);
  });
}
