import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import FindMyWay from 'find-my-way';
import type { Auth, RouteDef } from '../../contract/route.ts';

/**
 * CORS for the open read API: a partner's page on another site may call, from the browser, the
 * GET/HEAD routes anyone or any API key may read (formations, changes, communes, exports,
 * openapi.json…), anonymously or with `Authorization: Bearer <clé>` — never with the session
 * cookie (no `Access-Control-Allow-Credentials`, and `Access-Control-Allow-Origin: *`, which a
 * browser refuses for a credentialed request). Writes, gestion/admin reads and the pages stay
 * same-origin: no CORS header, preflight refused (404), CSRF unchanged.
 */

/** The access levels whose GET routes are open to other origins (contract/route.ts `Auth`). */
const LECTURE_OUVERTE: ReadonlySet<Auth> = new Set<Auth>(['public', 'read', 'partenaire']);

/** Whether a contract route may be called from another origin. */
export const lectureOuverte = (def: Pick<RouteDef, 'method' | 'auth'>) =>
  def.method === 'GET' && LECTURE_OUVERTE.has(def.auth);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A read route open to other origins (set by mountRoute from the contract, see lectureOuverte). */
    lectureOuverte?: boolean;
    /** The route's ETag covers part of its answer (contract Version.partielle): no 304 for it. */
    etagPartiel?: boolean;
  }
}

/** Request headers a cross-origin caller may send (beyond the CORS-safelisted ones). */
const EN_TETES_ACCEPTES = ['Authorization', 'If-None-Match', 'If-Modified-Since'];

/** Response headers the API sends that a cross-origin script may read (beyond the safelisted ones). */
export const EN_TETES_EXPOSES = [
  'ETag',
  'Content-Disposition',
  'Retry-After',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'X-Offre-Cache',
  'X-Offre-Sha256',
];

/** Registers CORS on the API scope; before the auth and quota hooks, so their refusals carry it. */
export async function registerCors(app: FastifyInstance): Promise<void> {
  // The open read routes, to answer a preflight (sent to the OPTIONS route, not the GET one).
  const ouvertes = FindMyWay();
  app.addHook('onRoute', (route) => {
    if ([route.method].flat().includes('OPTIONS')) return;
    if (route.config?.lectureOuverte) ouvertes.on('GET', route.url, () => {});
    else route.config = { ...route.config, cors: false } as never;
  });
  // A preflight for anything but a GET/HEAD of an open read route: refused as an unknown route.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.method !== 'OPTIONS') return done();
    const methode = request.headers['access-control-request-method'];
    const ok =
      typeof request.headers.origin === 'string' &&
      (methode === 'GET' || methode === 'HEAD') &&
      ouvertes.find('GET', request.url.split('?')[0]!) !== null;
    if (ok) return done();
    reply.callNotFound();
  });
  await app.register(cors, {
    origin: '*',
    credentials: false,
    methods: ['GET', 'HEAD'],
    allowedHeaders: EN_TETES_ACCEPTES,
    exposedHeaders: EN_TETES_EXPOSES,
    maxAge: 86400,
  });
  // helmet's default `Cross-Origin-Resource-Policy: same-origin` would keep the answers of the
  // open routes from another origin's page even with CORS: they say `cross-origin`.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.lectureOuverte || request.method === 'OPTIONS')
      reply.header('cross-origin-resource-policy', 'cross-origin');
    done();
  });
}
