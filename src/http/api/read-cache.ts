import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { dataVersion } from '../../db/snapshot.repository.ts';
import type { Acteur } from '../../domain/acteur.ts';
import { sirenOrganisme, vueDe } from '../../domain/champs-professionnels.ts';

/**
 * Cache of public read responses (formation list and detail), valid while no write has happened
 * anywhere in the database (see dataVersion). Consumers poll the same pages; rebuilding a
 * 100-formation page costs ~15 ms of CPU and ~350 KB of JSON, a cached one almost nothing.
 * Only for the views of anonymous callers (public: no closed session, no bilans) and `read` keys
 * (partenaire: closed sessions, no bilans), each under its own key (domain/champs-professionnels.ts):
 * a professional response is never stored, and one view is never served to the other.
 * ETag / If-None-Match gives 304s to consumers that keep their copy.
 */
const CACHEABLE = new Set(['/api/v1/formations', '/api/v1/formations/:id']);
const MAX_BYTES = 64 * 1024 * 1024;

interface Entry {
  readonly token: string;
  readonly etag: string;
  readonly body: Buffer; // encoded once: re-encoding a 350 KB string per hit costs more than the lookup
}

declare module 'fastify' {
  interface FastifyRequest {
    readCacheSlot?: { key: string; token: string; etag: string };
  }
}

/** An answer for this reader alone: the professional view, or an organisation (its own offers whole). */
const prive = (a: Acteur) => vueDe(a) === 'professionnel' || sirenOrganisme(a) !== null;

/**
 * dataVersion shared by the requests that arrive together: a request never takes the token of a
 * query that started before it arrived (a write committed before the request would go unseen), but
 * the requests arriving while a query runs share the next one, started as soon as that one ends.
 * Under load, one round trip answers every request that came in meanwhile instead of one each.
 */
export function versionPartagee(lire: () => Promise<string>): () => Promise<string> {
  let enCours: Promise<unknown> | null = null;
  let suivante: Promise<string> | null = null;
  const lancer = () => {
    const p = lire();
    const fin = p.then(
      () => {},
      () => {},
    );
    enCours = fin;
    void fin.then(() => {
      if (enCours === fin) enCours = null;
    });
    return p;
  };
  return () => {
    if (!enCours) return lancer();
    if (!suivante) {
      const apres = enCours;
      suivante = apres.then(() => {
        suivante = null;
        return lancer();
      });
    }
    return suivante;
  };
}

export function registerReadCache(app: FastifyInstance, enabled: boolean): void {
  // For HTTP caches (proxies, CDNs): the answer depends on who asks; a professional one is never kept.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !CACHEABLE.has(request.routeOptions.url ?? '')) return;
    reply.header('vary', 'authorization, cookie');
    if (prive(request.acteur)) reply.header('cache-control', 'private, no-store');
  });
  if (!enabled) return;
  // Bounded by the bytes of the bodies it keeps, least recently used first out.
  const entries = new LRUCache<string, Entry>({
    maxSize: MAX_BYTES,
    sizeCalculation: (e) => Math.max(1, e.body.length),
  });
  const version = versionPartagee(() => dataVersion(app.ctx.db));

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !CACHEABLE.has(request.routeOptions.url ?? '')) return;
    if (prive(request.acteur)) return;
    const vue = vueDe(request.acteur);
    const token = await version();
    const key = `${vue} ${request.url}`;
    const hit = entries.get(key);
    const etag =
      hit && hit.token === token
        ? hit.etag
        : `W/"${createHash('sha1').update(token).update('\0').update(key).digest('base64url')}"`;
    reply.header('etag', etag);
    if (hit && hit.token === token) {
      reply.header('x-offre-cache', 'hit');
      if (request.headers['if-none-match'] === etag) return reply.status(304).send();
      return reply.type('application/json; charset=utf-8').send(hit.body);
    }
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    request.readCacheSlot = { key, token, etag };
    reply.header('x-offre-cache', 'miss');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const slot = request.readCacheSlot;
    if (slot && reply.statusCode === 200 && typeof payload === 'string') {
      entries.set(slot.key, { token: slot.token, etag: slot.etag, body: Buffer.from(payload) });
    }
    return payload;
  });
}
