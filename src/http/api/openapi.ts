import { z } from 'zod';
import {
  FormationInputSchema,
  FormationSchema,
  SessionInputSchema,
  SessionSchema,
} from '../../domain/formation.schema.ts';
import type { RouteDef } from './route.ts';

// The OpenAPI 3.1 document, generated from the mounted route definitions only (no hand-written
// copy to drift). Stable output: routes sorted by path then method, so it can be snapshot-tested.

export const API_PREFIX = '/api/v1';

const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string().describe('Code stable, pour les programmes'),
  detail: z.string().describe('Message en français, pour les personnes'),
  instance: z.string().optional(),
  erreurs: z.array(z.object({ champ: z.string(), message: z.string(), code: z.string() })).optional(),
});

type Json = Record<string, unknown>;
type Io = 'input' | 'output';

// Shared shapes become components referenced by $ref: the formation JSON appears in a dozen
// responses and would otherwise be inlined in each.
const components = z.registry<{ id: string }>();
components.add(FormationSchema, { id: 'Formation' });
components.add(SessionSchema, { id: 'Session' });
components.add(FormationInputSchema, { id: 'FormationInput' });
components.add(SessionInputSchema, { id: 'SessionInput' });

/** Input and output shapes differ (defaults make fields optional on input): inputs get `Input`. */
const componentName = (id: string, io: Io) => (io === 'output' || id.endsWith('Input') ? id : `${id}Input`);

/** Zod → JSON Schema, moving shared shapes into `defs` (components) and pointing at them. */
function converter(defs: Record<string, Json>) {
  return (s: z.ZodType, io: Io): Json => {
    const out = z.toJSONSchema(s, {
      io,
      unrepresentable: 'any',
      target: 'draft-2020-12',
      metadata: components,
    }) as Json;
    const { $schema: _s, $defs, id: _id, ...root } = out as Json & { $defs?: Record<string, Json> };
    const rewrite = (v: Json): Json =>
      JSON.parse(
        JSON.stringify(v).replace(
          /"#\/\$defs\/([A-Za-z]+)"/g,
          (_m, id: string) => `"#/components/schemas/${componentName(id, io)}"`,
        ),
      );
    for (const [id, def] of Object.entries($defs ?? {})) {
      const { id: _i, ...body } = def;
      defs[componentName(id, io)] = rewrite(body);
    }
    const own = components.get(s)?.id;
    if (!own) return rewrite(root);
    defs[componentName(own, io)] = rewrite(root);
    return { $ref: `#/components/schemas/${componentName(own, io)}` };
  };
}

function parametersOf(
  schemaOf: ReturnType<typeof converter>,
  obj: z.ZodObject | undefined,
  where: 'path' | 'query',
): Json[] {
  if (!obj) return [];
  const full = schemaOf(obj, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(full.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (full.required ?? []).includes(name),
    ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
    schema,
  }));
}

const AUTH_NOTE: Record<RouteDef['auth'], string> = {
  public: 'Public (le résultat dépend de ce que l’appelant peut voir).',
  read: 'Clé d’API ou session requise.',
  write: 'Clé d’API d’écriture (liée à un SIREN) ou session requise.',
  admin: 'Clé d’API administrateur requise.',
};

export function buildOpenApi(routes: readonly RouteDef[]): Json {
  const defs: Record<string, Json> = {};
  const schemaOf = converter(defs);
  const paths: Record<string, Record<string, Json>> = {};
  const sorted = [...routes].sort((a, b) =>
    a.url === b.url ? a.method.localeCompare(b.method) : a.url.localeCompare(b.url),
  );
  for (const r of sorted) {
    const path = API_PREFIX + r.url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
    const responses: Record<string, Json> = {};
    for (const [status, schema] of Object.entries(r.response)) {
      const type = Number(status) < 300 && r.produces ? r.produces : 'application/json';
      responses[status] = {
        description: Number(status) < 300 ? 'Succès' : 'Erreur',
        content: { [type]: { schema: schemaOf(schema, 'output') } },
      };
    }
    responses.default = {
      description: 'Erreur (RFC 9457)',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
    const op: Json = {
      operationId: `${r.method.toLowerCase()}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: r.summary,
      description: [r.description, AUTH_NOTE[r.auth]].filter(Boolean).join('\n\n'),
      tags: [...r.tags],
      parameters: [
        ...parametersOf(schemaOf, r.params, 'path'),
        ...parametersOf(schemaOf, r.querystring, 'query'),
      ],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaOf(r.body, 'input') } },
            },
          }
        : {}),
      responses,
      ...(r.auth === 'public' ? {} : { security: [{ cleApi: [] }] }),
    };
    paths[path] = { ...paths[path], [r.method.toLowerCase()]: op };
  }
  const problem = schemaOf(ProblemSchema, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Offre — API',
      version: '1.0.0',
      description:
        'Offre de formation : lecture publique de l’offre diffusée, flux de changements, écriture par clé d’API. ' +
        'Erreurs au format RFC 9457 (`application/problem+json`) avec un `code` stable.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: {
        Problem: problem,
        ...Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
      },
      securitySchemes: {
        cleApi: { type: 'http', scheme: 'bearer', description: 'Clé d’API : `Authorization: Bearer <clé>`' },
      },
    },
  };
}
