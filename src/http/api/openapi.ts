import swagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { API_PREFIX, AUTH_NOTE, routes as contractRoutes, type RouteDef } from '../../contract/index.ts';
import type { Version } from '../../contract/route.ts';
import { CODES_ERREUR_HTTP } from '../../domain/errors.catalogue.ts';
import {
  FormationInputSchema,
  FormationSchema,
  SessionInputSchema,
  SessionSchema,
} from '../../domain/formation.schema.ts';

/**
 * The OpenAPI 3.1 document, generated from the contract's route definitions only (no hand-written
 * copy to drift): the routes are declared on a bare Fastify instance (no handler runs, no database)
 * and @fastify/swagger builds the document, the Zod schemas converted by fastify-type-provider-zod's
 * own `jsonSchemaTransform` / `jsonSchemaTransformObject`. Stable output: paths and components
 * sorted, so it can be snapshot-tested (test/api/openapi.test.ts, which also validates it whole).
 */

const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  // Every code an HTTP answer may carry (domain/errors.catalogue.ts; docs/api.md lists their meaning).
  code: z.enum(CODES_ERREUR_HTTP).describe('Code stable, pour les programmes'),
  detail: z.string().describe('Message en français, pour les personnes'),
  instance: z.string().optional(),
  erreurs: z
    .array(
      z.object({
        champ: z.string(),
        message: z.string(),
        code: z
          .string()
          .describe(
            'Champ du corps JSON : le code du catalogue propre au champ (REGION_INCONNUE…), sinon celui de la vérification (CHAMP_TYPE_INVALIDE, CHAMP_TROP_GRAND, CHAMP_TROP_PETIT, CHAMP_VALEUR_INVALIDE, CHAMP_FORMAT_INVALIDE, CHAMP_INCONNU), sinon REQUETE_INVALIDE. Paramètre de requête ou de chemin : toujours un code du catalogue (le sien, PARAMETRE_REPETE, sinon REQUETE_INVALIDE)',
          ),
      }),
    )
    .optional(),
});

// Shared shapes become components referenced by $ref (the formation JSON appears in a dozen
// responses). The library names a component by its id, `<id>Input` for its request form: the write
// bodies are therefore registered as `FormationEcriture` / `SessionEcriture` (→ `…EcritureInput`).
const COMPONENTS: readonly [z.ZodType, string][] = [
  [ProblemSchema, 'Problem'],
  [FormationSchema, 'Formation'],
  [SessionSchema, 'Session'],
  [FormationInputSchema, 'FormationEcriture'],
  [SessionInputSchema, 'SessionEcriture'],
];
for (const [schema, id] of COMPONENTS) z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id });

type Json = Record<string, unknown>;

const operationId = (r: RouteDef) =>
  `${r.method.toLowerCase()}${(API_PREFIX + r.url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;

/** The Fastify route schema @fastify/swagger reads: Zod schemas plus the OpenAPI operation fields. */
function swaggerSchema(r: RouteDef): Json {
  const responses: Json = {};
  for (const [status, schema] of Object.entries(r.response)) {
    const type = Number(status) < 300 && r.produces ? r.produces : 'application/json';
    responses[status] = {
      description: Number(status) < 300 ? 'Succès' : 'Erreur',
      content: { [type]: { schema } },
    };
  }
  responses.default = {
    description: 'Erreur (RFC 9457)',
    content: { 'application/problem+json': { schema: ProblemSchema } },
  };
  return {
    operationId: operationId(r),
    summary: r.summary,
    description: [r.description, AUTH_NOTE[r.auth]].filter(Boolean).join('\n\n'),
    tags: [...r.tags],
    ...(r.params ? { params: r.params } : {}),
    ...(r.querystring ? { querystring: r.querystring } : {}),
    ...(r.body ? { body: r.body } : {}),
    response: responses,
    ...(r.auth === 'public' ? {} : { security: [{ cleApi: [] }] }),
  };
}

/** OpenAPI media type object of a file sent as the body, or as the one file of a form. */
function fileMedia(type: string): [string, Json] {
  const file = { type: 'string', contentMediaType: type };
  if (type !== 'multipart/form-data') return [type, { schema: file }];
  return [
    type,
    {
      schema: {
        type: 'object',
        properties: { fichier: { type: 'string', contentMediaType: 'application/octet-stream' } },
        required: ['fichier'],
      },
    },
  ];
}

const sortKeys = <T>(o: Record<string, T>): Record<string, T> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

/** `document` without the component schemas that nothing in its paths reaches through `$ref`. */
function withoutUnusedComponents(document: Json & { components: { schemas: Record<string, Json> } }) {
  const all = document.components.schemas;
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object')
      for (const [k, child] of Object.entries(v)) {
        if (k === '$ref' && typeof child === 'string' && child.startsWith(SCHEMAS)) {
          const name = child.slice(SCHEMAS.length);
          if (!used.has(name)) {
            used.add(name);
            visit(all[name]);
          }
        } else visit(child);
      }
  };
  visit(document.paths);
  const schemas = Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name)));
  return { ...document, components: { ...document.components, schemas: sortKeys(schemas) } };
}
const SCHEMAS = '#/components/schemas/';

/** Builds the document for `routes` (default: the whole contract). */
export async function buildOpenApi(routes: readonly RouteDef[] = contractRoutes): Promise<Json> {
  const app = Fastify();
  // Never run: the document only needs the schemas, and the contract's Zod schemas are not JSON Schema.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Offre — API',
        version: '1.0.0',
        description:
          'Offre de formation : lecture publique de l’offre diffusée, flux de changements, écriture par clé d’API. ' +
          'Erreurs au format RFC 9457 (`application/problem+json`) avec un `code` stable.\n\n' +
          '**Limites** (valeurs par défaut, réglables par l’exploitant) : corps JSON de 1 Mo (413 TROP_VOLUMINEUX), ' +
          'imbrication JSON de 32 niveaux (400 JSON_TROP_PROFOND), 500 sessions par formation, ' +
          'fichiers LHEO de 50 Mo et 10 000 formations, classeurs de 20 Mo et 20 000 lignes par requête (413 ; au-delà : import asynchrone de /espace/imports ou la CLI), ' +
          '30 s pour une lecture (503 DELAI_DEPASSE).\n\n' +
          '**Quotas** par fenêtre de 60 s, lectures (GET) et écritures comptées à part : 1 200 lectures et 120 écritures par clé d’API ' +
          '(un administrateur peut donner à une clé un quota plus élevé), 300 lectures et 30 écritures par adresse IP sans clé. ' +
          'Au-delà : 429 QUOTA_DEPASSE avec l’en-tête `Retry-After` (secondes) ; chaque réponse porte `X-RateLimit-Limit`, `X-RateLimit-Remaining` et `X-RateLimit-Reset`.',
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          cleApi: {
            type: 'http',
            scheme: 'bearer',
            description: 'Clé d’API : `Authorization: Bearer <clé>`',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    // The library emits the request and response form of every registered shape: keep those in use.
    transformObject: (document) => withoutUnusedComponents(jsonSchemaTransformObject(document) as never),
  });
  const sorted = [...routes].sort((a, b) =>
    a.url === b.url ? a.method.localeCompare(b.method) : a.url.localeCompare(b.url),
  );
  await app.register(
    async (scope) => {
      for (const r of sorted)
        scope.route({
          method: r.method,
          url: r.url,
          schema: swaggerSchema(r) as never,
          handler: async () => null,
        });
    },
    { prefix: API_PREFIX },
  );
  await app.ready();
  const doc = structuredClone(app.swagger()) as unknown as Json & {
    paths: Record<
      string,
      Record<string, Json & { requestBody?: { required?: boolean; content: Record<string, Json> } }>
    >;
  };
  await app.close();
  for (const r of routes) {
    const op = doc.paths[API_PREFIX + r.url.replace(/:(\w+)/g, '{$1}')]![r.method.toLowerCase()]!;
    // A file body (imports) is described by its media types; the handler reads it, not a schema.
    if (r.consumes)
      op.requestBody = { required: true, content: Object.fromEntries(r.consumes.map(fileMedia)) };
    if (r.ifMatch)
      op.parameters = [...((op.parameters as Json[] | undefined) ?? []), ifMatchHeader(r.ifMatch)];
    // The strong ETag of the success answers (RouteDef `etag`), the version a later If-Match sends back.
    if (r.etag) {
      const responses = op.responses as Record<string, Json>;
      for (const status of Object.keys(r.response).filter((s) => Number(s) < 300))
        responses[status]!.headers = { ETag: etagHeader(r.etag.de) };
    }
    // The example body of every write, next to its schema.
    const media = op.requestBody && Object.values(op.requestBody.content)[0];
    if (media && r.example !== undefined) media.example = r.example;
  }
  return doc;
}

/** The `If-Match` header of a route that takes version `v` (RouteDef `ifMatch`), as domain/if-match.ts reads it. */
const ifMatchHeader = (v: Version): Json => ({
  in: 'header',
  name: 'If-Match',
  required: false,
  schema: { type: 'string' },
  example: '"v12"',
  description:
    `Facultatif : la version lue (l’en-tête \`ETag\` de la lecture, ou son champ \`version\` entre guillemets droits), pour que l’écriture soit refusée si la ressource a changé depuis. Ici : ${v.description}, entre guillemets droits. ` +
    '`*`, ou une liste de versions entre guillemets séparées par des virgules (l’écriture passe si l’une est la version courante). ' +
    'Mal formé (version sans guillemets, texte autour, ETag faible `W/"…"`, valeur vide) : 400 `IF_MATCH_INVALIDE`, rien n’est lu ni écrit. ' +
    'Périmé : 412 `PRECONDITION_ECHOUEE`, rien n’est écrit ; la réponse porte la version courante (en-tête `ETag`, `etag_actuel`, `version_actuelle`). ' +
    'Absent : l’écriture porte sur la ressource telle qu’elle est.',
});

/** The `ETag` response header of a route that answers version `v` (RouteDef `etag`). */
const etagHeader = (v: Version): Json => ({
  description: `ETag fort : ${v.description}, entre guillemets droits ; à renvoyer en \`If-Match\` pour qu’une écriture soit refusée (412) si la ressource a changé depuis.`,
  schema: { type: 'string' },
});

let whole: Promise<Json> | undefined;

/** The document of the whole contract, built once per process (served at /api/v1/openapi.json). */
export function openApiDocument(): Promise<Json> {
  whole ??= buildOpenApi();
  return whole;
}
