import { afterAll, beforeAll, expect, it } from 'vitest';
import { changesRoute } from '../../src/http/api/changes.routes.ts';
import {
  addSessionRoute,
  createFormationRoute,
  getFormationRoute,
  historiqueRoute,
  listFormationsRoute,
  updateFormationRoute,
} from '../../src/http/api/formations.routes.ts';
import { openApiRoute, santeRoute } from '../../src/http/api/meta.routes.ts';
import { buildOpenApi } from '../../src/http/api/openapi.ts';
import { organismeRoute } from '../../src/http/api/organismes.routes.ts';
import { registeredRoutes } from '../../src/http/api/route.ts';
import { revisionRoute, workflowRouteDefs } from '../../src/http/api/workflow.routes.ts';
import { type TestApi, testApi } from './helpers.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t.close());

it('generates a stable OpenAPI 3.1 document from the store’s route definitions', async () => {
  const doc = buildOpenApi([
    listFormationsRoute,
    getFormationRoute,
    historiqueRoute,
    createFormationRoute,
    updateFormationRoute,
    addSessionRoute,
    ...Object.values(workflowRouteDefs),
    revisionRoute,
    changesRoute,
    organismeRoute,
    santeRoute,
    openApiRoute,
  ]);
  await expect(`${JSON.stringify(doc, null, 2)}\n`).toMatchFileSnapshot('./__snapshots__/openapi.store.json');
});

it('documents every route mounted under /api/v1, and serves the docs page with local assets', async () => {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  expect(r.statusCode).toBe(200);
  const doc = r.json();
  expect(doc.openapi).toBe('3.1.0');
  const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
    .flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    )
    .sort();
  expect(registeredRoutes(t.ctx).length).toBeGreaterThan(15);
  expect(registeredRoutes(t.ctx)).toEqual(documented);
  const page = await t.app.inject({ method: 'GET', url: '/api/docs' });
  expect(page.statusCode).toBe(200);
  // Assets come from this server: every script and stylesheet is a relative URL.
  const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(assets.length).toBeGreaterThan(2);
  expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
  expect(
    (await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui-bundle.js' })).statusCode,
  ).toBe(200);
  expect((await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json().paths).toEqual(doc.paths);
});
