import type { FastifyInstance } from 'fastify';
import { configOf } from '../../context.ts';
import { noteApiKeyIp } from '../../db/audit.repository.ts';
import { hitLimite } from '../../db/limite.repository.ts';
import type { Acteur } from '../../domain/acteur.ts';
import { OffreError } from '../../domain/errors.ts';
import { authenticateCle, usageCounter } from '../../services/apikey.service.ts';
import { auditer } from '../../services/audit.service.ts';
import { refusQuota } from './quotas.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who calls: anonymous, an API key, or (set earlier by the pages' session plugin) a user. */
    acteur: Acteur;
    /** The calling key's own quotas (null: the configured default); absent without a key. */
    quotaCle?: { lecture: number | null; ecriture: number | null };
  }
}

const ANONYME: Acteur = Object.freeze({ kind: 'anonyme' });

// (key, address) pairs this process has already seen: the database is asked once per pair.
const MAX_VUES = 10_000;

/**
 * `ecrire()`, or undefined when the base refuses writes for now (BASE_OCCUPEE: an import writes on
 * PGlite): the bookkeeping of authentication (refused keys counted, new addresses noted) never
 * turns a 401 or a later 403 into the busy base's 503.
 */
async function siLibre<T>(ecrire: () => Promise<T>): Promise<T | undefined> {
  try {
    return await ecrire();
  } catch (e) {
    if ((e as { code?: unknown }).code === 'BASE_OCCUPEE') return undefined;
    throw e;
  }
}

/**
 * Resolves `request.acteur` from `Authorization: Bearer <key>` and counts calls per key and day.
 * A key used from an address it never came from is an audit event; refused keys are counted per
 * address (the write quota of an anonymous caller, then 429) and audited once per window.
 */
export async function registerAuth(app: FastifyInstance): Promise<void> {
  if (!app.hasRequestDecorator('acteur')) app.decorateRequest('acteur', null as never);
  const usage = usageCounter(app.ctx.db);
  const { quotas } = configOf(app.ctx);
  const vues = new Set<string>();
  const log = (e: unknown) => app.log.warn({ err: e }, 'audit');
  app.addHook('onClose', async () => usage.flush());
  app.addHook('onRequest', async (request, reply) => {
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
    const now = app.ctx.now();
    const cle = await authenticateCle(app.ctx.db, m[1]!, now);
    if (!cle) {
      // Counted and audited when the base takes writes; during an import on PGlite (BASE_OCCUPEE)
      // the refusal is still the key's (401), never the busy base's 503.
      const h = await siLibre(() =>
        hitLimite(app.ctx.db, `quota:ip:${request.ip}:cle_refusee`, now, quotas.fenetreS * 1000),
      );
      if (h?.nombre === 1)
        await auditer(app.ctx.db, now, {
          evenement: 'cle_refusee',
          ip: request.ip,
          cible: `${request.method} ${request.url.split('?')[0]}`,
          details: { prefixe: m[1]!.slice(0, 12) },
        }).catch(log);
      if (h && h.nombre > quotas.ecritureIp)
        refusQuota(
          reply,
          Math.max(1, Math.ceil((h.fin.getTime() - now.getTime()) / 1000)),
          quotas.ecritureIp,
          quotas.fenetreS,
          'ip',
          'ecriture',
        );
      throw new OffreError('CLE_INVALIDE', 'Clé d’API inconnue, révoquée ou expirée.', {}, 401);
    }
    request.acteur = cle.acteur;
    request.quotaCle = cle.quotas;
    usage.count(cle.acteur.id, now);
    const vue = `${cle.acteur.id}|${request.ip}`;
    if (!vues.has(vue)) {
      if (vues.size >= MAX_VUES) vues.clear();
      vues.add(vue);
      // Not noted while an import writes on PGlite (seen again, and noted, after it).
      const nouvelle = await siLibre(() => noteApiKeyIp(app.ctx.db, cle.acteur.id, request.ip, now));
      if (nouvelle === undefined) vues.delete(vue);
      if (nouvelle)
        await auditer(app.ctx.db, now, {
          evenement: 'cle_nouvelle_ip',
          acteur: `cle:${cle.acteur.name}`,
          ip: request.ip,
          cible: cle.acteur.id,
        }).catch(log);
    }
  });
}
