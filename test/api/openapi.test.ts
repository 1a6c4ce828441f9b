import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXEMPLE_FORMATION } from '../../src/contract/examples.ts';
import { API_PREFIX, routeKey, routes } from '../../src/contract/index.ts';
import { buildOpenApi } from '../../src/http/api/openapi.ts';
import { registeredRoutes } from '../../src/http/api/route.ts';
import { bearer, type TestApi, testApi } from './helpers.ts';

type Json = Record<string, unknown>;
type Operation = {
  parameters?: { name: string; in: string; description?: string; schema: Json }[];
  requestBody?: { content: Record<string, { schema: Json; example?: unknown }> };
};

describe('the OpenAPI document of the contract', async () => {
  const doc = (await buildOpenApi()) as Json & {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Json> };
  };
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ path, method, op })),
  );

  it('is a valid OpenAPI 3.1 document, every $ref resolving', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc) as never);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
    // No component is a bare pointer to itself (the old FormationInput / SessionInput).
    for (const [name, schema] of Object.entries(doc.components.schemas))
      expect(schema.$ref, name).not.toBe(`#/components/schemas/${name}`);
  });

  it('matches the snapshot, whole', async () => {
    await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/openapi.json');
  });

  it('lists every route of the contract once', () => {
    const documented = operations.map(({ path, method }) => `${method.toUpperCase()} ${path}`).sort();
    const expected = routes.map((r) => `${r.method} ${API_PREFIX}${r.url.replace(/:(\w+)/g, '{$1}')}`).sort();
    expect(documented).toEqual(expected);
    expect(new Set(routes.map(routeKey)).size).toBe(routes.length);
  });

  it('describes every parameter, and lists the allowed values of closed ones', () => {
    const undescribed = operations.flatMap(({ path, method, op }) =>
      (op.parameters ?? []).filter((p) => !p.description).map((p) => `${method} ${path} ${p.name}`),
    );
    expect(undescribed).toEqual([]);
    const parcoursup = doc.paths[`${API_PREFIX}/formations`]!.get!.parameters!.find(
      (p) => p.name === 'parcoursup',
    )!;
    expect(parcoursup.schema.enum).toContain('publie');
  });

  it('describes the file body of every import', () => {
    for (const r of routes.filter((d) => d.consumes)) {
      const op = doc.paths[API_PREFIX + r.url]![r.method.toLowerCase()]!;
      expect(Object.keys(op.requestBody!.content), routeKey(r)).toEqual(r.consumes);
    }
  });

  it('gives every JSON write a real body schema and a valid example', () => {
    const writes = routes.filter((r) => r.body);
    expect(writes.length).toBeGreaterThan(5);
    for (const r of writes) {
      const op = doc.paths[API_PREFIX + r.url.replace(/:(\w+)/g, '{$1}')]![r.method.toLowerCase()]!;
      const json = op.requestBody!.content['application/json']!;
      const ref = json.schema.$ref as string | undefined;
      const schema = ref ? doc.components.schemas[ref.split('/').pop()!]! : json.schema;
      // A real shape (an object, a list, or a choice of them), not the old bare `string`.
      expect(schema.properties ?? schema.items ?? schema.anyOf, routeKey(r)).toBeDefined();
      expect(json.example, routeKey(r)).toBeDefined();
      // The example is what the server accepts: parsed by the route's own schema.
      expect(r.body!.safeParse(json.example).error, routeKey(r)).toBeUndefined();
    }
  });
});

describe('the served document', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await testApi();
  });
  afterAll(() => t.close());

  it('is the contract’s, which is exactly what the server mounts under /api/v1', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual(JSON.parse(JSON.stringify(await buildOpenApi())));
    expect(registeredRoutes(t.ctx)).toEqual(routes.map((d) => `${d.method} ${API_PREFIX}${d.url}`).sort());
  });

  // Before the formation example is stored (same numero): the LHEO example then creates it.
  it('shows an LHEO example that imports as it stands', async () => {
    const doc = (await buildOpenApi()) as {
      paths: Record<
        string,
        Record<string, { requestBody: { content: Record<string, { example?: string }> } }>
      >;
    };
    const body =
      doc.paths[`${API_PREFIX}/imports/lheo`]!.post!.requestBody.content['application/xml']!.example!;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo?dry_run=true',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'application/xml' },
      payload: body,
    });
    expect(r.statusCode).toBe(200);
    const { formations, rejets } = r.json();
    expect(rejets).toEqual([]);
    expect(formations.rejetees).toBe(0);
    expect(formations.creees + formations.mises_a_jour + formations.inchangees).toBe(1);
  });

  it('shows, here and in docs/api.md, a formation example that is stored and publishable', async () => {
    const guide = await readFile(new URL('../../docs/api.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)\n```/.exec(guide)?.[1];
    expect(JSON.parse(block ?? 'null')).toEqual(EXEMPLE_FORMATION);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: EXEMPLE_FORMATION,
    });
    expect(created.statusCode).toBe(201);
    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${created.json().id}/publier`,
      headers: bearer(t.keys.writeA),
    });
    expect(published.json()).toMatchObject({ statut: 'en_attente_validation' });
  });

  it('serves the docs page with local assets', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    // Assets come from this server: every script and stylesheet is a relative URL.
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(2);
    expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui-bundle.js' })).statusCode,
    ).toBe(200);
    // Without JavaScript Swagger UI is blank: a <noscript> points to the plain reference page,
    // which lists every route of the contract with its query parameters.
    expect(page.body).toMatch(/<noscript>.*<a href="\/api\/reference">Référence de l’API<\/a>/);
    const reference = await t.app.inject({ method: 'GET', url: '/api/reference' });
    expect(reference.statusCode).toBe(200);
    const texte = reference.body.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    for (const r of routes) expect(texte).toContain(`${r.method} /api/v1${r.url}`);
    expect(texte).toContain(
      'siret (texte, facultatif) : SIRET du responsable, du formateur ou du mandataire',
    );
    // Path parameters and JSON bodies too, each field with its type and whether it is required.
    expect(texte).toContain('id (texte, obligatoire) : Identifiant de la formation');
    expect(texte).toContain('commentaire (texte, obligatoire)');
    expect(texte).toContain(
      'action (une valeur parmi : publier, non_publier, mettre_en_attente, reprendre, obligatoire)',
    );
    // Who may call: the level the server enforces (a write key of an organisme cannot validate).
    const valider = /POST \/api\/v1\/formations\/:id\/valider.*?<\/tr>/s.exec(reference.body)?.[0] ?? '';
    expect(valider).toContain('Gestionnaire de région (session) ou administrateur');
    expect(valider).not.toContain('Clé d’API d’écriture');
    const served = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(served.paths).toEqual(
      (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json().paths,
    );
  });

  // Session of 05/12 (h-exemples): with JavaScript, /api/docs showed Swagger UI's English labels
  // and nothing said that a French reference exists. Swagger UI has no supported translation
  // (swagger-api/swagger-ui#2488, open): the page's title and the top of the interactive page (the
  // document's description, which Swagger UI renders) point French users to /api/reference.
  it('points French users of /api/docs to the French reference, with JavaScript too', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.body).toMatch(/<title>[^<]*en français : \/api\/reference[^<]*<\/title>/);
    const served = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(served.info.description).toMatch(
      /^Les boutons et intitulés de cette page \(Swagger UI\) sont en anglais[^\n]*\[Référence de l’API\]\(\/api\/reference\)/,
    );
    // The published document is unchanged: the pointer is for the interactive page only.
    const document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    expect(document.info.description).not.toContain('/api/reference');
    expect(served.info.description).toContain(document.info.description);
  });
});
