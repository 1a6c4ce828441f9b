/**
 * Mounting of the contract's route definitions (src/contract) on Fastify: Zod validation, the
 * route's auth rule, and a record of what is mounted (the OpenAPI test compares it with the contract).
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type AppContext, configOf } from '../../context.ts';
import type { Auth, RouteDef } from '../../contract/route.ts';
import { isAdministrateur, isValidateur } from '../../domain/acces.ts';
import type { Acteur } from '../../domain/acteur.ts';
import { forbidden, OffreError, unauthenticated } from '../../domain/errors.ts';
import { type IfMatch, lireIfMatch } from '../../domain/if-match.ts';
import { valeursOu } from '../../domain/issue-zod.mots.ts';
import { lectureOuverte } from './cors.ts';
import { refuserParametresInconnus } from './parametres-inconnus.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's If-Match, parsed, on a route whose contract sets `ifMatch` (absent: none sent). */
    ifMatch?: IfMatch;
  }
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
type SuccessOf<D extends RouteDef> = D['response'] extends { 200: infer S }
  ? S extends z.ZodType
    ? z.input<S>
    : never
  : unknown;

export type RouteRequest<D extends RouteDef> = FastifyRequest<{
  Params: Out<D['params']>;
  Querystring: Out<D['querystring']>;
  Body: Out<D['body']>;
}>;
export type RouteHandler<D extends RouteDef> = (
  request: RouteRequest<D>,
  reply: FastifyReply,
) => Promise<SuccessOf<D> | FastifyReply | undefined>;

// Every route Fastify registers in the API scope, mounted with mountRoute or not: the OpenAPI
// test checks that none escapes the document.
const registered = new WeakMap<AppContext, Set<string>>();

export function trackRoutes(app: FastifyInstance): void {
  const set = new Set<string>();
  registered.set(app.ctx, set);
  app.addHook('onRoute', (route) => {
    for (const m of [route.method].flat()) if (m !== 'HEAD' && m !== 'OPTIONS') set.add(`${m} ${route.url}`);
  });
}

/** `METHOD /api/v1/path` of every route Fastify registered under the API. */
export function registeredRoutes(ctx: AppContext): string[] {
  return [...(registered.get(ctx) ?? [])].sort();
}

/** What mounting a route may need besides its handler. */
export interface MountOptions<D extends RouteDef> {
  /**
   * The version of the answer's ETag (without quotes; null: none) when the contract's `etag` has no
   * `lu` (the body does not hold it). A read's is taken before the handler runs — a write in
   * between makes it stale (a refusal), never makes unseen content current — a write's after (the
   * version it made).
   */
  readonly lireEtag?: (request: RouteRequest<D>) => Promise<string | null>;
}

/**
 * `handler` with the ETag the contract declares (`def.etag`) on its success answer: the version
 * between quotes, from the body (`lu`) or the server (`lireEtag`). An ETag already on the answer
 * (the read cache's weak one, on a public read) is kept; a refusal (thrown) carries none.
 */
function avecEtag<D extends RouteDef>(
  def: D,
  handler: RouteHandler<D>,
  opts: MountOptions<D>,
): RouteHandler<D> {
  const { etag } = def;
  if (!etag && opts.lireEtag)
    throw new Error(`${def.method} ${def.url} : lireEtag sans ETag déclaré dans le contrat (etag).`);
  if (!etag) return handler;
  const { lu } = etag;
  const { lireEtag } = opts;
  if (!lu && !lireEtag)
    throw new Error(
      `${def.method} ${def.url} : le contrat déclare un ETag que le corps ne porte pas (etag.lu) ; lireEtag manque.`,
    );
  const lecture = def.method === 'GET';
  return async (request, reply) => {
    const avant = lecture && !lu && !reply.hasHeader('etag') ? await lireEtag!(request) : undefined;
    const body = await handler(request, reply);
    if (body === undefined || body === reply || reply.hasHeader('etag')) return body;
    const version = lu ? lu(body as never) : lecture ? avant : await lireEtag!(request);
    if (version != null) reply.header('etag', `"${version}"`);
    return body;
  };
}

/** Registers `def` on Fastify with Zod validation, its auth rule and its declared ETag. */
export function mountRoute<D extends RouteDef>(
  app: FastifyInstance,
  def: D,
  handler: RouteHandler<D>,
  opts: MountOptions<D> = {},
): void {
  const json = !def.produces;
  const connus = Object.keys(def.querystring?.shape ?? {});
  app.route({
    // HEAD is the GET route itself (not Fastify's generated copy, which drops the body before the
    // compression and the read cache see it): the same hooks, so the same headers as GET —
    // Content-Encoding, Content-Length, Vary, ETag — with no body (Node sends none for HEAD).
    method: def.method === 'GET' ? ['GET', 'HEAD'] : def.method,
    exposeHeadRoute: false,
    url: def.url,
    schema: {
      ...(def.params ? { params: def.params } : {}),
      ...(def.querystring ? { querystring: def.querystring } : {}),
      ...(def.body ? { body: def.body } : {}),
      ...(json ? { response: def.response } : {}),
    },
    ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}),
    // Route facts the hooks read: callable from another origin's page (CORS, ./cors.ts) for the
    // open GET routes only; an ETag covering part of the answer, never a 304 (read-cache.ts).
    config: {
      ...(lectureOuverte(def) ? { lectureOuverte: true } : {}),
      ...(def.etag?.de.partielle ? { etagPartiel: true } : {}),
    },
    // Time per request (OFFRE_LIMITE_DUREE_S) for JSON reads only: a write cut short would go on in
    // the background with its caller told it failed, and a streamed export is long by nature.
    ...(def.method === 'GET' && json ? { handlerTimeout: configOf(app.ctx).limites.dureeS * 1000 } : {}),
    ...(def.fastResponse ? { serializerCompiler: () => (data: unknown) => JSON.stringify(data) } : {}),
    onRequest: async (request) => {
      enforceAuth(def.auth, request.acteur);
      // A query parameter the route does not declare (a typo: `regoin`) is refused, not ignored.
      refuserParametresInconnus(request.query, connus);
      // The one parser of If-Match, before anything is read or written: malformed, 400.
      const h = request.headers['if-match'];
      if (def.ifMatch && h !== undefined) request.ifMatch = lireIfMatch(h);
    },
    // A file route takes its `consumes`; a route with a body takes JSON only (a form or text/plain
    // would be parsed by another parser and reach the validation as something else); a route
    // without a body reads none (a GET never does: Fastify reads no body for it).
    ...(def.consumes || def.body
      ? {
          preParsing: async (request: FastifyRequest) =>
            enforceConsumes(request, def.consumes ? { types: def.consumes, corps: 'fichier' } : CORPS_JSON),
        }
      : def.method === 'GET'
        ? {}
        : { preParsing: async (request: FastifyRequest) => ignorerCorps(request) }),
    handler: avecEtag(def, handler, opts) as never,
  });
}

/**
 * The route-level access gate (401 for nobody, 403 for too little), the contract's `auth` level
 * enforced with the domain's predicates (domain/acces.ts), so the documented level is the one applied.
 */
export function enforceAuth(auth: Auth, acteur: Acteur): void {
  if (auth === 'public') return;
  if (acteur.kind === 'anonyme') throw unauthenticated();
  switch (auth) {
    case 'read':
    case 'partenaire': // the service refuses a key without a profile: 403 PARTENAIRE_INTERDIT
      return;
    case 'write':
      if (acteur.kind === 'cle' && acteur.scope === 'read')
        throw forbidden('Cette clé d’API est en lecture seule.');
      return;
    case 'validateur':
      if (!isValidateur(acteur))
        throw forbidden('Réservé aux gestionnaires de région et aux administrateurs.');
      return;
    case 'instructeur':
      if (!isAdministrateur(acteur) && !(acteur.kind === 'utilisateur' && acteur.role === 'instructeur'))
        throw forbidden('Réservé aux instructeurs des plateformes et aux administrateurs.');
      return;
    case 'admin':
      if (!isAdministrateur(acteur)) throw forbidden('Réservé aux administrateurs.');
  }
}

/**
 * What a route's body must be: the content types it takes, and what its body is (`fichier`, a
 * route with `consumes`; `json`, a route with a JSON body) — the refusal's advice names it
 * (« envoyez le fichier … », « envoyez le corps en JSON … »).
 */
export interface CorpsAttendu {
  readonly types: readonly string[];
  readonly corps: 'fichier' | 'json';
}

/** What a route with a JSON body takes. */
const CORPS_JSON: CorpsAttendu = { types: ['application/json'], corps: 'json' };

/** The advice's subject, by what the body is. */
const ENVOYEZ: Record<CorpsAttendu['corps'], string> = {
  fichier: 'envoyez le fichier',
  json: 'envoyez le corps en JSON',
};

/** `type/sous-type` (RFC 9110 media-type, parameters aside): tokens on both sides of one slash. */
const TYPE_SOUS_TYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * The content types a route takes (the contract's `consumes` for a file, JSON for a route with a
 * body), checked before its body is read: any other, or none, with a body is 415 TYPE_CONTENU
 * naming the types accepted — never the refusal of a parser that read the body as something else
 * (a zip sent as text/plain was « caractère interdit », a formation sent as text/plain « doit être
 * un objet », one sent as a URL-encoded form was stored). A header that names no type (`;;;`) is
 * said so, not taken for an absent one: 415 too, as RFC 9110 (15.5.16) gives for a problem of the
 * indicated Content-Type. A type sent without a body is checked all the same (`;;;` with an empty
 * body was Fastify's generic 415 TYPE_NON_PRIS_EN_CHARGE); a request with neither body nor
 * Content-Type passes: the route says the body is missing.
 */
export function enforceConsumes(request: FastifyRequest, attendu: CorpsAttendu): void {
  const { types } = attendu;
  const h = request.headers;
  const brut = String(h['content-type'] ?? '').trim();
  const sansCorps = h['transfer-encoding'] === undefined && !Number(h['content-length'] ?? 0);
  if (sansCorps && !brut) return;
  const recu = brut.split(';')[0]!.trim().toLowerCase();
  if (types.includes(recu)) return;
  const envoyez = `${ENVOYEZ[attendu.corps]} avec l’en-tête Content-Type ${valeursOu(types)}.`;
  throw new OffreError(
    'TYPE_CONTENU',
    !brut
      ? `Aucun type de contenu (en-tête Content-Type absent) : ${envoyez}`
      : TYPE_SOUS_TYPE.test(recu)
        ? `Le type de contenu « ${recu.slice(0, 100)} » n’est pas accepté par cette route : ${envoyez}`
        : `L’en-tête Content-Type « ${brut.slice(0, 100)} » ne donne pas de type de contenu (type/sous-type, par exemple « ${types[0]} ») : ${envoyez}`,
    { types_acceptes: [...types] },
    415,
  );
}

/**
 * A route without a body (`publier`, `valider`, `revocation`…) does not read the one it is sent,
 * whatever its Content-Type (docs/api.md): malformed (`;;;`), unknown or not JSON, it was Fastify's
 * 415 TYPE_NON_PRIS_EN_CHARGE, its parser chosen by the header before the route had its say. The
 * request is shown to Fastify as one without a body (`request.headers` set over the raw ones,
 * which the logs keep): its parsers never run, and Node discards the bytes once the answer is
 * sent. Safe: nothing of a body reaches such a route, and the CSRF check of a session write
 * reads its token from the X-CSRF-Token header, whatever the body's type.
 */
export function ignorerCorps(request: FastifyRequest): void {
  const h = request.headers;
  if (
    h['content-type'] === undefined &&
    h['transfer-encoding'] === undefined &&
    !Number(h['content-length'] ?? 0)
  )
    return;
  request.headers = { 'content-type': undefined, 'content-length': '0', 'transfer-encoding': undefined };
}
