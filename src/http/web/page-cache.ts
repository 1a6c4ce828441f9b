import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { lectureDe } from '../../context.ts';
import { dataVersion } from '../../db/snapshot.repository.ts';
import { CachePublic, type EntreePublique, jourDe, versionPartagee } from '../cache-public.ts';
import { type Encodage, encodageVoulu } from '../compression.ts';
import { porteUnJeton } from '../plugins/securite.plugin.ts';

/**
 * Cache of the public search page's HTML (`GET /`) for visitors with no account (issue 15 item 8:
 * under load, rebuilding a page costs ~15–20 ms of CPU; a cached one, one statement).
 *
 * - **Who**: only a request without a signed-in account (`request.compte` null: anonymous, API
 *   actor never set). A signed-in user's page (header with the account, CSRF token for sign-out,
 *   professional view) is never served from nor stored in the cache.
 * - **What is stored**: a 200 HTML answer that sets no cookie and holds no CSRF token.
 * - **Key**: the request's path and query as sent (the page links back to it: « Se connecter »
 *   carries `retour=<url>`), and the day the page is computed for (`ctx.now()`, UTC, as the page's
 *   `aujourdhui`: past sessions and « prochaine session » change at midnight without any write).
 * - **Validity**: the public-data version (db/snapshot.repository.ts `dataVersion`, migration
 *   0910), which moves when a write a public reader can see commits, whichever process or command
 *   made it (back office, API, `offre import`, reference imports): several `offre serve` processes
 *   on one database never serve a page older than the last such commit (issue 13 item 3). Writes
 *   no public reader sees (API quotas, sign-ins, the security journal, mail) leave it, and the
 *   cache, as they are. Read before the page is computed, shared by the requests that arrive
 *   together (cache-public.ts `versionPartagee`): a write that commits meanwhile changes it.
 * - **Compression** (../compression.ts): a client sending `Accept-Encoding: br` or `gzip` gets the
 *   page compressed once per encoding and kept next to it, at the stored levels: a hit costs no
 *   compression. Every answer of the cache says `Vary: cookie, accept-encoding` (the page depends on
 *   being signed in) and `Cache-Control: no-cache`.
 * - **Memory**: at most `maxBytes` of HTML and its compressed variants (least recently used out first).
 * - `x-offre-cache: hit | miss` tells which (the bench counts them).
 */
const CACHEABLE = new Set(['/']);
const MAX_BYTES = 32 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    pageCacheSlot?: { key: string; token: string };
  }
}

interface Entry extends EntreePublique {
  /** The page compressed, by encoding: made on the first request asking for it. */
  readonly variantes: Map<Encodage, Buffer>;
}

export function registerPageCache(app: FastifyInstance, opts: { enabled: boolean; maxBytes?: number }): void {
  if (!opts.enabled) return;
  const entries = new CachePublic<Entry>(opts.maxBytes ?? MAX_BYTES);
  const version = versionPartagee(() => dataVersion(lectureDe(app.ctx)));
  /** The page of `entry` for `request` (as it is, or compressed, kept the first time), its header set. */
  const corps = (request: FastifyRequest, reply: FastifyReply, key: string, entry: Entry): Buffer => {
    // The page's own headers (reponse.ts enTetesDePage: anonymous, no token), and the encoding's.
    reply.header('vary', 'cookie, accept-encoding');
    reply.header('cache-control', 'no-cache');
    const encodage = encodageVoulu(request);
    if (encodage === null) return entry.body;
    // @fastify/compress leaves an answer that has its Content-Encoding.
    reply.header('content-encoding', encodage);
    return entries.corps(key, entry, encodage);
  };

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !CACHEABLE.has(request.routeOptions.url ?? '')) return;
    if (request.compte !== null || request.acteur.kind !== 'anonyme') return;
    const token = await version();
    const key = `${jourDe(app.ctx.now())} ${request.url}`;
    const hit = entries.get(key, token);
    if (hit) {
      reply.header('x-offre-cache', 'hit');
      return reply.type('text/html; charset=utf-8').send(corps(request, reply, key, hit));
    }
    request.pageCacheSlot = { key, token };
    reply.header('x-offre-cache', 'miss');
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const slot = request.pageCacheSlot;
    if (
      slot &&
      reply.statusCode === 200 &&
      typeof payload === 'string' &&
      !reply.hasHeader('set-cookie') &&
      !porteUnJeton(reply)
    ) {
      const entry: Entry = { token: slot.token, body: Buffer.from(payload), variantes: new Map() };
      entries.set(slot.key, entry);
      return corps(request, reply, slot.key, entry);
    }
    return payload;
  });
}
