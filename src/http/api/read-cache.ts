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

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !CACHEABLE.has(request.routeOptions.url ?? '')) return;
    if (prive(request.acteur)) return;
    const vue = vueDe(request.acteur);
    const token = await dataVersion(app.ctx.db);
    const key = `${vue} ${request.url}`;
    const etag = `W/"${createHash('sha1').update(token).update('\0').update(key).digest('base64url')}"`;
    reply.header('etag', etag);
    const hit = entries.get(key);
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
