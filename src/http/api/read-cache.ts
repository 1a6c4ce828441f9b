import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { lectureDe } from '../../context.ts';
import { dataVersion } from '../../db/snapshot.repository.ts';
import type { Acteur } from '../../domain/acteur.ts';
import { sirenOrganisme, vueDe } from '../../domain/champs-professionnels.ts';
import { concordeIfNoneMatch } from '../../domain/if-match.ts';
import { CachePublic, type EntreePublique, jourDe, versionPartagee } from '../cache-public.ts';
import { type Encodage, encodageVoulu } from '../compression.ts';

/**
 * Cache of public read responses (formation list and detail). Consumers poll the same pages;
 * rebuilding a 100-formation page costs ~15 ms of CPU and ~350 KB of JSON, a cached one almost nothing.
 *
 * - **Who**: anonymous callers (public view: no closed session, no bilans) and `read` keys
 *   (partenaire view: closed sessions, no bilans), each under its own key
 *   (domain/champs-professionnels.ts). A professional answer, or one for an organisation's key (its
 *   own offers whole), is never stored, and one view is never served to the other.
 * - **Key**: the view, the day the answer is computed for (`ctx.now()`, UTC: searches and
 *   « sessions à venir » depend on it, without any write), the path and query as sent.
 * - **Validity**: the public-data version (db/snapshot.repository.ts `dataVersion`, migration 0910),
 *   read before the answer is computed and shared by the requests that arrive together
 *   (cache-public.ts `versionPartagee`): it moves when a write a public reader can see commits,
 *   in any process on the database; API quota syncs, sign-ins, security-journal entries leave it.
 * - **Memory**: at most 64 MiB of bodies (least recently used out first).
 * - ETag (weak, from the version, view, day and URL) / If-None-Match gives 304s to consumers that
 *   keep their copy; `x-offre-cache: hit | miss` tells which (the bench counts them).
 * - Compression (compression.ts): a client sending `Accept-Encoding: br` or `gzip` gets the body
 *   compressed once per encoding and kept next to it (`Vary: accept-encoding`); a hit then costs
 *   no compression and sends ≈ 8 times fewer bytes. The weak ETag is the same for every encoding
 *   (the same content).
 */
const CACHEABLE = new Set(['/api/v1/formations', '/api/v1/formations/:id']);
/**
 * Other reads whose answer depends on who asks (what the caller may see): `Vary: authorization,
 * cookie` always, so a shared cache never hands one caller's copy to another, and `Cache-Control:
 * private` for an authenticated caller. An anonymous answer is the public one and keeps its
 * public caching. (The CSV and XLSX exports are the diffused offer for everyone: not listed.)
 */
const SELON_APPELANT = new Set(['/api/v1/changes', '/api/v1/exports/lheo', '/api/v1/organismes/:siret']);
const lecture = (m: string) => m === 'GET' || m === 'HEAD';
const MAX_BYTES = 64 * 1024 * 1024;

interface Entry extends EntreePublique {
  readonly etag: string;
  /** The body compressed, by encoding: made on the first request asking for it. */
  readonly variantes: Map<Encodage, Buffer>;
}

declare module 'fastify' {
  interface FastifyRequest {
    readCacheSlot?: { key: string; token: string; etag: string };
  }
}

/** An answer for this reader alone: the professional view, or an organisation (its own offers whole). */
const prive = (a: Acteur) => vueDe(a) === 'professionnel' || sirenOrganisme(a) !== null;
/** A reader who sees nothing but the diffused offer (anonymous, `read` keys): its answers may be kept. */
export const lecturePublique = (a: Acteur): boolean => !prive(a);

export function registerReadCache(app: FastifyInstance, enabled: boolean): void {
  // For HTTP caches (proxies, CDNs): the answer depends on who asks; a professional one is never kept.
  app.addHook('onRequest', async (request, reply) => {
    if (!lecture(request.method)) return;
    const url = request.routeOptions.url ?? '';
    if (SELON_APPELANT.has(url)) {
      reply.header('vary', 'authorization, cookie');
      if (request.acteur.kind !== 'anonyme') reply.header('cache-control', 'private');
    }
    if (!CACHEABLE.has(url)) return;
    reply.header('vary', 'authorization, cookie, accept-encoding');
    if (prive(request.acteur)) reply.header('cache-control', 'private, no-store');
    // A read key's answer (partenaire view) is its own: browsers may keep it, shared caches not.
    else if (request.acteur.kind !== 'anonyme') reply.header('cache-control', 'private');
  });
  // If-None-Match on every read that carries an ETag (a writer's strong one, a partner file's, the
  // feed's): 304 with no body when one of the listed tags matches, or `*` (RFC 9110 § 13.1.2).
  // Registered after the cache's own onSend (below), which keeps the 200 it produced.
  const nonModifie = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const etag = reply.getHeader('etag');
    if (!lecture(request.method) || reply.statusCode !== 200 || typeof etag !== 'string') return payload;
    if (request.routeOptions.config?.etagPartiel) return payload;
    if (!concordeIfNoneMatch(request.headers['if-none-match'], etag)) return payload;
    (payload as { destroy?: () => void } | null)?.destroy?.();
    reply
      .code(304)
      .removeHeader('content-type')
      .removeHeader('content-length')
      .removeHeader('content-encoding');
    return null;
  };
  if (!enabled) {
    app.addHook('onSend', nonModifie);
    return;
  }
  const entries = new CachePublic<Entry>(MAX_BYTES);
  const version = versionPartagee(() => dataVersion(lectureDe(app.ctx)));

  /**
   * The lookup, as the last onRequest hook of the cacheable routes (after the route's access gate,
   * auth 'public'; after the acteur, the quotas and helmet's headers): a hit is answered here, before
   * the querystring is parsed again, validated and checked for forbidden characters, and before the
   * preHandlers. An entry exists only for a URL whose answer was a 200, and validation and the
   * character check depend on the URL alone (a GET or HEAD has no body): a hit would pass them.
   */
  const consulter = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!lecture(request.method) || prive(request.acteur)) return;
    const vue = vueDe(request.acteur);
    const token = await version();
    const key = `${vue} ${jourDe(app.ctx.now())} ${request.url}`;
    const hit = entries.get(key, token);
    const etag = hit
      ? hit.etag
      : `W/"${createHash('sha1').update(token).update('\0').update(key).digest('base64url')}"`;
    reply.header('etag', etag);
    if (hit) {
      reply.header('x-offre-cache', 'hit');
      if (concordeIfNoneMatch(request.headers['if-none-match'], etag)) return reply.status(304).send();
      const encodage = encodageVoulu(request);
      if (encodage) reply.header('content-encoding', encodage);
      return reply.type('application/json; charset=utf-8').send(entries.corps(key, hit, encodage));
    }
    // A miss answers 304 only once the answer is known to be a 200 (`nonModifie`, onSend): `*`
    // or a tag must not make a 304 of a formation that does not exist (RFC 9110 § 13.1.2).
    request.readCacheSlot = { key, token, etag };
    reply.header('x-offre-cache', 'miss');
  };
  app.addHook('onRoute', (route) => {
    if (!CACHEABLE.has(route.url)) return;
    route.onRequest = [...[route.onRequest ?? []].flat(), consulter] as typeof route.onRequest;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const slot = request.readCacheSlot;
    if (!slot) return payload;
    // No ETag on a refusal (a 404…): a client must not send it back and get a 304.
    if (reply.statusCode !== 200) reply.removeHeader('etag');
    if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload)))
      return payload;
    const entry: Entry = {
      token: slot.token,
      etag: slot.etag,
      body: typeof payload === 'string' ? Buffer.from(payload) : payload,
      variantes: new Map(),
    };
    entries.set(slot.key, entry);
    const encodage = encodageVoulu(request);
    if (!encodage) return entry.body;
    // Compressed here, kept; @fastify/compress leaves an answer that has its Content-Encoding.
    reply.header('content-encoding', encodage);
    return entries.corps(slot.key, entry, encodage);
  });
  app.addHook('onSend', nonModifie);
}
