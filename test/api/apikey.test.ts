import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/db/apikey.repository.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import {
  authenticateUtilisateur,
  createUtilisateur,
} from '../../src/services/comptes/utilisateur.service.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { bearer, SIREN_A, type TestApi, testApi } from './helpers.ts';

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t.close());

it('stores only a hash of the key, and refuses a write key bound to no SIREN', async () => {
  const k = await createApiKey(t.ctx, { name: 'parcoursup', scope: 'read' });
  const row = await t.ctx.db
    .selectFrom('api_key')
    .selectAll()
    .where('id', '=', k.id)
    .executeTakeFirstOrThrow();
  expect(row.hash).toBe(createHash('sha256').update(k.key).digest('hex'));
  expect(JSON.stringify(row)).not.toContain(k.key);
  await expect(createApiKey(t.ctx, { name: 'x', scope: 'write' })).rejects.toMatchObject({
    code: 'CLE_SIREN',
  });
  await expect(createApiKey(t.ctx, { name: 'x', scope: 'super' })).rejects.toMatchObject({
    code: 'CLE_PORTEE',
  });
});

it('refuses a write key for a SIREN that fails Luhn or names no known structure or organisme', async () => {
  // 000000018 passes Luhn but is nobody.
  await expect(createApiKey(t.ctx, { name: 'x', scope: 'write', siren: '000000018' })).rejects.toMatchObject({
    code: 'CLE_SIREN',
    message: expect.stringMatching(/^SIREN « 000000018 » inconnu/),
    details: { champ: 'siren' },
  });
  // 000000000 passes Luhn too, but is no SIREN at all (identifiants.ts).
  await expect(createApiKey(t.ctx, { name: 'x', scope: 'write', siren: '000000000' })).rejects.toMatchObject({
    code: 'CLE_SIREN',
    message: 'SIREN « 000000000 » invalide (9 chiffres, clé de Luhn).',
  });
  await expect(createApiKey(t.ctx, { name: 'x', scope: 'write', siren: '123456789' })).rejects.toMatchObject({
    code: 'CLE_SIREN',
  });
  expect(await t.ctx.db.selectFrom('api_key').select('id').where('name', '=', 'x').execute()).toEqual([]);
});

it('counts calls per key and day, and rejects a revoked key', async () => {
  const k = await createApiKey(t.ctx, { name: 'compteur', scope: 'read' });
  const app = await buildApp(t.ctx);
  for (let i = 0; i < 3; i++)
    expect((await app.inject({ url: '/api/v1/formations?limit=1', headers: bearer(k.key) })).statusCode).toBe(
      200,
    );
  await app.close(); // flushes the buffered counts
  const usage = await t.ctx.db
    .selectFrom('api_usage')
    .select(['jour', 'appels'])
    .where('api_key_id', '=', k.id)
    .execute();
  expect(usage).toEqual([{ jour: new Date().toISOString().slice(0, 10), appels: 3 }]);
  await revokeApiKey(t.ctx.db, k.id, new Date());
  expect((await t.app.inject({ url: '/api/v1/formations', headers: bearer(k.key) })).json()).toMatchObject({
    status: 401,
    code: 'CLE_INVALIDE',
  });
});

it('creates users with an argon2id hash and a one-time password', async () => {
  const u = await createUtilisateur(t.ctx, {
    email: 'Gestion@Carif.example',
    role: 'gestionnaire',
    region: '84',
  });
  const row = await t.ctx.db
    .selectFrom('utilisateur')
    .selectAll()
    .where('id', '=', u.id)
    .executeTakeFirstOrThrow();
  expect(row.password_hash).toMatch(/^\$argon2id\$/);
  expect(await authenticateUtilisateur(t.ctx.db, 'gestion@carif.example', u.password)).toMatchObject({
    role: 'gestionnaire',
    regions: ['84'],
  });
  expect(await authenticateUtilisateur(t.ctx.db, 'gestion@carif.example', 'mauvais')).toBeNull();
  await expect(
    createUtilisateur(t.ctx, { email: 'org@cfa.example', role: 'organisme' }),
  ).rejects.toMatchObject({
    code: 'UTILISATEUR_SIREN',
  });
  await expect(
    createUtilisateur(t.ctx, { email: 'gestion@carif.example', role: 'admin' }),
  ).rejects.toMatchObject({
    code: 'UTILISATEUR_EXISTE',
  });
});

// The CLI opens its own embedded database: once is enough, on the PGlite run (in this process:
// a separate one would add nothing).
it.skipIf(TEST_ENGINE === 'postgres')(
  'offre apikey add / user add print the secret once on stdout, errors in French on stderr',
  async () => {
    const dir = await testDataDir('offre-cli-');
    const run = (...args: string[]) => runCli(args, { OFFRE_DATA_DIR: dir, DATABASE_URL: '' });
    try {
      // An empty database: no organisation is known, so a write key is refused, in French.
      const fantome = await run(
        'apikey',
        'add',
        '--name',
        'SI du CFA',
        '--scope',
        'write',
        '--siren',
        SIREN_A,
      );
      expect(fantome.code).not.toBe(0);
      expect(fantome.stderr).toContain(`SIREN « ${SIREN_A} » inconnu`);
      const ok = await run('apikey', 'add', '--name', 'SI du CFA', '--scope', 'read');
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/^offre_[A-Za-z0-9_-]{43}\n$/);
      expect(ok.stderr).toContain('ne sera plus affichée');
      const bad = await run('apikey', 'add', '--name', 'x', '--scope', 'write');
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('doit être liée au SIREN');
      const user = await run('user', 'add', '--email', 'admin@offre.example', '--role', 'admin', '--json');
      expect(JSON.parse(user.stdout)).toMatchObject({
        email: 'admin@offre.example',
        role: 'admin',
        password: expect.any(String),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);
