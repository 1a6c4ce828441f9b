import { afterAll, beforeAll, expect, it } from 'vitest';
import { addApiUsage, findApiKeyById, listApiKeys } from '../../src/db/apikey.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { isoDay } from '../../src/domain/dates.ts';
import { createApiKey, getCle, listCles, revokeCle } from '../../src/services/apikey.service.ts';
import { bearer, SIREN_A, type TestApi, testApi } from './helpers.ts';

// One key read by its id (GET /api/v1/admin/cles/{id}, the key's page) used to list every key and
// every key's calls to pick one: it reads that key's row and that key's calls now, and says the
// same as the list does.

let t: TestApi;
const ids: Record<string, string> = {};
let admin: string;
beforeAll(async () => {
  t = await testApi();
  for (const [nom, scope, siren] of [
    ['lecteur', 'read', null],
    ['ecrivain', 'write', SIREN_A],
    ['ancienne', 'read', null],
  ] as const)
    ids[nom] = (await createApiKey(t.ctx, { name: nom, scope, siren })).id;
  await revokeCle(t.ctx, ids.ancienne!, SYSTEME('test'));
  admin = (await createApiKey(t.ctx, { name: 'admin', scope: 'admin' })).key;
  const jour = (n: number) => isoDay(new Date(t.ctx.now().getTime() - n * 86_400_000));
  await addApiUsage(t.ctx.db, [
    { api_key_id: ids.lecteur!, jour: jour(40), appels: 9 },
    { api_key_id: ids.lecteur!, jour: jour(3), appels: 5 },
    { api_key_id: ids.lecteur!, jour: jour(1), appels: 2 },
    { api_key_id: ids.ecrivain!, jour: jour(2), appels: 7 },
  ]);
});
afterAll(() => t?.close());

it('findApiKeyById: the row listApiKeys gives for that key, undefined for an unknown id', async () => {
  const liste = await listApiKeys(t.ctx.db);
  for (const id of Object.values(ids))
    expect(await findApiKeyById(t.ctx.db, id)).toEqual(liste.find((k) => k.id === id));
  expect(await findApiKeyById(t.ctx.db, 'ak_inconnue')).toBeUndefined();
});

it('getCle says of each key what listCles says (state, last use, its own calls only)', async () => {
  const liste = await listCles(t.ctx);
  for (const id of Object.values(ids))
    expect(await getCle(t.ctx, id)).toEqual(liste.find((k) => k.id === id));
  const lecteur = await getCle(t.ctx, ids.lecteur!);
  expect(lecteur).toMatchObject({ etat: 'active', appels_30_jours: 7 });
  expect(lecteur.appels_par_jour.map((a) => a.appels)).toEqual([5, 2]);
  expect(await getCle(t.ctx, ids.ancienne!)).toMatchObject({ etat: 'revoquee', appels_30_jours: 0 });
});

it('an unknown id: CLE_INTROUVABLE (404), through the service and the API', async () => {
  await expect(getCle(t.ctx, 'ak_inconnue')).rejects.toMatchObject({
    code: 'CLE_INTROUVABLE',
    status: 404,
    message: 'Aucune clé d’API d’identifiant « ak_inconnue ».',
  });
  const get = (id: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/admin/cles/${id}`, headers: bearer(admin) });
  const inconnue = await get('ak_inconnue');
  expect(inconnue.statusCode).toBe(404);
  expect(inconnue.json()).toMatchObject({ code: 'CLE_INTROUVABLE' });
  const connue = await get(ids.ecrivain!);
  expect(connue.statusCode).toBe(200);
  expect(connue.json()).toMatchObject({
    id: ids.ecrivain,
    scope: 'write',
    siren: SIREN_A,
    appels_30_jours: 7,
  });
});
