import { afterAll, beforeAll, expect, it } from 'vitest';
import { bearer, formationFixture, type TestApi, testApi } from './helpers.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t.close());

it('smoke', async () => {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/formations', headers: bearer(t.keys.writeA), payload: formationFixture() });
  console.log(r.statusCode, r.body.slice(0, 3000));
  const l = await t.app.inject({ method: 'GET', url: '/api/v1/formations?statut=brouillon', headers: bearer(t.keys.writeA) });
  console.log(l.statusCode, l.body.slice(0, 300));
  const o = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
  console.log(o.statusCode, o.body.slice(0, 500));
  const d = await t.app.inject({ method: 'GET', url: '/api/docs' });
  console.log(d.statusCode, d.headers.location, d.body.slice(0, 200));
  expect(r.statusCode).toBe(201);
});
