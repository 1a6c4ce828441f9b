/**
 * Routes as data ("one contract, many uses"): a route is a plain object — method, url, auth,
 * Zod schemas — that the server mounts (src/http/api), the OpenAPI document describes
 * (src/http/api/openapi.ts), the CLI validates files with and the tests import. Zod only: no
 * Fastify here, so anything may import the contract.
 *
 * Adding a route: define it in the file of its use case here, list it in ./index.ts (`routes`),
 * then mount it in src/http/api/<use case>.routes.ts:
 *
 * ```ts
 * // src/contract/choses.ts
 * export const getChose = defineRoute({
 *   method: 'GET', url: '/choses/:id', summary: 'Une chose', tags: ['Choses'], auth: 'public',
 *   params: z.object({ id: z.string().describe('Identifiant de la chose') }),
 *   response: { 200: ChoseSchema },
 * });
 * // src/http/api/choses.routes.ts
 * export const choseRoutes: FastifyPluginAsync = async (app) => {
 *   mountRoute(app, getChose, async (req) => getChoseService(app.ctx.db, req.acteur, req.params.id));
 * };
 * ```
 * `url` is relative to /api/v1 (Fastify syntax, `:id`). `auth` is enforced before validation:
 * 'public' anyone, 'read' any authenticated caller, 'write' a write/admin key or a signed-in user,
 * 'partenaire' a read key linked to a partner profile or an administrator (the 403, with its own
 * code PARTENAIRE_INTERDIT, comes from the service), 'validateur' a gestionnaire or an
 * administrator (domain/acces `isValidateur`), 'instructeur' a
 * platform instructeur or an administrator, 'admin' an admin key or an admin user. Finer rules
 * (own SIREN, own région, own académie) belong to the service. test/api/niveaux-acces.test.ts
 * calls every route with each kind of key and checks the declared level is what the server does.
 * Non-JSON responses (streamed exports) set `produces` (e.g. 'application/xml'); their body is
 * sent as a stream/string by the handler and not serialised. Every query parameter carries a
 * `.describe()` and, when it has a closed list of values, a `z.enum`; every write carries an
 * `example` body (shown in /api/docs and docs/api.md).
 */
import type { z } from 'zod';

/** Prefix of every route `url`. */
export const API_PREFIX = '/api/v1';

export type Auth = 'public' | 'read' | 'write' | 'partenaire' | 'validateur' | 'instructeur' | 'admin';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route, as the OpenAPI document and the reference page (/api/reference) say it. */
export const AUTH_NOTE: Record<Auth, string> = {
  public: 'Public (le résultat dépend de ce que l’appelant peut voir).',
  read: 'Clé d’API ou session requise.',
  write: 'Clé d’API d’écriture (liée à un SIREN) ou session requise.',
  partenaire:
    'Clé d’API de lecture liée à un profil partenaire, ou clé d’API administrateur ; les autres clés reçoivent 403 (PARTENAIRE_INTERDIT).',
  validateur:
    'Gestionnaire de région (session) ou administrateur (clé d’API administrateur ou session) ; une clé d’écriture d’organisme est refusée (403).',
  instructeur:
    'Instructeur des plateformes (session) ou administrateur (clé d’API administrateur ou session) ; une clé d’écriture d’organisme est refusée (403).',
  admin: 'Clé d’API administrateur requise.',
};

export interface RouteDef {
  readonly method: Method;
  readonly url: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly auth: Auth;
  readonly params?: z.ZodObject;
  readonly querystring?: z.ZodObject;
  readonly body?: z.ZodType;
  /** A valid request body, shown in the OpenAPI document (required for a JSON body). */
  readonly example?: unknown;
  readonly response: Readonly<Record<number, z.ZodType>>;
  /** Content type of a non-JSON success response (exports). */
  readonly produces?: string;
  /** Content types of a non-JSON request body (uploads), instead of application/json. */
  readonly consumes?: readonly string[];
  /**
   * Serialise the success body with JSON.stringify instead of re-validating it with Zod: for large
   * pages built by a service whose output is typed against the schema (and checked against it in
   * tests). Zod re-validation costs ≈10 ms per 100 formations.
   */
  readonly fastResponse?: boolean;
  /** Largest accepted request body in bytes (default: the application's). Uploads set their own. */
  readonly bodyLimit?: number;
  /**
   * The route takes an optional `If-Match`, the version it names (./versions.ts; 412
   * PRECONDITION_ECHOUEE when it changed since): mounted, the header is parsed before anything
   * else (400 IF_MATCH_INVALIDE when malformed, domain/if-match.ts) and handed to the handler as
   * `request.ifMatch`; the OpenAPI document lists it as a header parameter saying which version.
   */
  readonly ifMatch?: Version;
  /**
   * The success answer carries a strong `ETag`: version `de` between quotes (what a later write's
   * If-Match sends back). `lu` reads it from the success body (without the quotes); without `lu`,
   * the server reads it (mountRoute's `lireEtag`, e.g. a digest of what a writer would replace).
   * Mounted, the header is set from here — never by the handler; the OpenAPI document lists it
   * as a response header of the success statuses.
   */
  readonly etag?: {
    readonly de: Version;
    readonly lu?: (body: never) => string;
  };
}

/** A kind of version a conditional write compares (./versions.ts): what it is, for the docs. */
export interface Version {
  /** What the version is and which reads give it, in French, as the OpenAPI document says it. */
  readonly description: string;
  /**
   * The version covers only part of the answer (what a write replaces, not figures that move on
   * their own, such as a key's usage): a GET carrying it never answers 304 to If-None-Match, whose
   * client would keep a stale body (RFC 9110 § 8.8.3: an entity tag tells representations apart).
   */
  readonly partielle?: true;
}

/** Identity with literal types kept: `defineRoute({...})` documents intent and freezes the route. */
export function defineRoute<const D extends RouteDef>(def: D): D {
  return Object.freeze(def);
}

/** `METHOD /url` key of a route (url relative to API_PREFIX, Fastify syntax). */
export const routeKey = (r: Pick<RouteDef, 'method' | 'url'>) => `${r.method} ${r.url}`;
