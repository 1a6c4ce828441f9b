/**
 * Routes as data ("one contract, many uses"): a route is a plain object — method, url, auth,
 * Zod schemas — that the server mounts, the OpenAPI document describes and tests import.
 *
 * Adding a route (one file per use case, registered in ./index.ts):
 *
 * ```ts
 * export const getThing = defineRoute({
 *   method: 'GET', url: '/things/:id', summary: 'Une chose', tags: ['Choses'], auth: 'public',
 *   params: z.object({ id: z.string() }),
 *   response: { 200: ThingSchema },
 * });
 * export const thingRoutes: FastifyPluginAsync = async (app) => {
 *   mountRoute(app, getThing, async (req) => getThingService(app.ctx.db, req.acteur, req.params.id));
 * };
 * ```
 * `url` is relative to /api/v1 (Fastify syntax, `:id`). `auth` is enforced before validation:
 * 'public' anyone, 'read' any authenticated caller, 'write' a write/admin key or a signed-in user,
 * 'admin' an admin key or an admin user. Finer rules (own SIREN, role) belong to the service.
 * Non-JSON responses (streamed exports) set `produces` (e.g. 'application/xml'); their body is
 * sent as a stream/string by the handler and not serialised.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AppContext } from '../../context.ts';
import type { Acteur } from '../../domain/acteur.ts';
import { forbidden, unauthenticated } from '../../domain/errors.ts';

export type Auth = 'public' | 'read' | 'write' | 'admin';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

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
  readonly response: Readonly<Record<number, z.ZodType>>;
  /** Content type of a non-JSON success response (exports). */
  readonly produces?: string;
  /**
   * Serialise the success body with JSON.stringify instead of re-validating it with Zod: for large
   * pages built by a service whose output is typed against the schema (and checked against it in
   * tests). Zod re-validation costs ≈10 ms per 100 formations.
   */
  readonly fastResponse?: boolean;
  /** Largest accepted request body in bytes (default: the application's). Uploads set their own. */
  readonly bodyLimit?: number;
}

/** Identity with literal types kept: `defineRoute({...})` documents intent and freezes the route. */
export function defineRoute<const D extends RouteDef>(def: D): D {
  return Object.freeze(def);
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

// Routes mounted per application context (tests build several apps; each gets its own document).
const registries = new WeakMap<AppContext, Map<string, RouteDef>>();

/** Every route mounted for this context, in mounting order. */
export function mountedRoutes(ctx: AppContext): RouteDef[] {
  return [...(registries.get(ctx)?.values() ?? [])];
}

// Every route Fastify registers in the API scope, mounted with mountRoute or not: the OpenAPI
// test checks that none escapes the document.
const registered = new WeakMap<AppContext, Set<string>>();

export function trackRoutes(app: FastifyInstance): void {
  const set = new Set<string>();
  registered.set(app.ctx, set);
  app.addHook('onRoute', (route) => {
    for (const m of [route.method].flat()) if (m !== 'HEAD') set.add(`${m} ${route.url}`);
  });
}

/** `METHOD /api/v1/path` of every route Fastify registered under the API. */
export function registeredRoutes(ctx: AppContext): string[] {
  return [...(registered.get(ctx) ?? [])].sort();
}

/** Registers `def` on Fastify with Zod validation and its auth rule, and records it for OpenAPI. */
export function mountRoute<D extends RouteDef>(app: FastifyInstance, def: D, handler: RouteHandler<D>): void {
  const registry = registries.get(app.ctx) ?? new Map<string, RouteDef>();
  registries.set(app.ctx, registry);
  registry.set(`${def.method} ${def.url}`, def);
  const json = !def.produces;
  app.route({
    method: def.method,
    url: def.url,
    schema: {
      ...(def.params ? { params: def.params } : {}),
      ...(def.querystring ? { querystring: def.querystring } : {}),
      ...(def.body ? { body: def.body } : {}),
      ...(json ? { response: def.response } : {}),
    },
    ...(def.bodyLimit ? { bodyLimit: def.bodyLimit } : {}),
    ...(def.fastResponse ? { serializerCompiler: () => (data: unknown) => JSON.stringify(data) } : {}),
    onRequest: async (request) => enforceAuth(def.auth, request.acteur),
    handler: handler as never,
  });
}

/** The route-level access gate (401 for nobody, 403 for too little). */
export function enforceAuth(auth: Auth, acteur: Acteur): void {
  if (auth === 'public') return;
  if (acteur.kind === 'anonyme') throw unauthenticated();
  if (auth === 'read') return;
  if (auth === 'write') {
    if (acteur.kind === 'cle' && acteur.scope === 'read')
      throw forbidden('Cette clé d’API est en lecture seule.');
    return;
  }
  const admin =
    (acteur.kind === 'cle' && acteur.scope === 'admin') ||
    (acteur.kind === 'utilisateur' && acteur.role === 'admin') ||
    acteur.kind === 'systeme';
  if (!admin) throw forbidden('Réservé aux administrateurs.');
}
