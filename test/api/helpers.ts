import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { type Config, readConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';
import { SIREN_A, SIREN_B, SIRET_A, SIRET_B } from '../helpers/formations.ts';

// Shared by the store and API tests: a migrated database, an app, keys, and valid formations.

// The test organisations and the complete formation live in test/helpers/formations.ts (one home).
import { formationFixture } from '../helpers/formations.ts';

export { formationFixture, SIREN_A, SIREN_B, SIRET_A, SIRET_B } from '../helpers/formations.ts';

export interface TestApi {
  database: TestDatabase;
  ctx: AppContext;
  app: FastifyInstance;
  keys: { read: string; writeA: string; writeB: string; admin: string };
  close(): Promise<void>;
}

export async function testApi(
  opts: {
    poolSize?: number;
    now?: () => Date;
    limites?: Partial<Config['limites']>;
    /** PGlite: the other requests read a copy during long writes (as `offre serve`). */
    snapshotReads?: boolean;
  } = {},
): Promise<TestApi> {
  const database = await testDatabase({ poolSize: opts.poolSize, snapshotReads: opts.snapshotReads });
  const base = readConfig();
  const ctx: AppContext = {
    db: database.db,
    engine: database.engine,
    now: opts.now ?? (() => new Date()),
    // PostgreSQL: the public prepared reads on the read pool, as `offre serve` runs them.
    ...(database.lecture ? { lecture: database.lecture } : {}),
    ...(opts.limites ? { config: { ...base, limites: { ...base.limites, ...opts.limites } } } : {}),
  };
  const app = await buildApp(ctx);
  const keys = await organismesEtCles(ctx);
  return {
    database,
    ctx,
    app,
    keys,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/**
 * The two test organismes (SIREN_A, SIREN_B) and one API key of each kind: `read`, `write` bound
 * to A and to B, `admin` (a write key is bound to a known organisation: the organismes exist
 * first). Keys named `<prefixe>-<scope>-<siren>`.
 */
export async function organismesEtCles(ctx: AppContext, prefixe = 'test') {
  await upsertOrganismes(
    ctx.db,
    [
      { siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: null, nda: null },
      { siret: SIRET_B, siren: SIREN_B, uai: null, raison_sociale: null, nda: null },
    ],
    ctx.now(),
    { remplacer: false },
  );
  const key = async (scope: string, siren?: string) =>
    (await createApiKey(ctx, { name: `${prefixe}-${scope}-${siren ?? ''}`, scope, siren })).key;
  return {
    read: await key('read'),
    writeA: await key('write', SIREN_A),
    writeB: await key('write', SIREN_B),
    admin: await key('admin'),
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/**
 * `build(t)`-style: the file's application, made before its tests and closed after them by
 * itself (vitest's beforeAll/afterAll, registered here). Call at the top of a file or describe;
 * read its fields inside tests and hooks only. A failed start fails the tests, never the close.
 */
export function useTestApi(opts: Parameters<typeof testApi>[0] = {}): TestApi {
  let t: TestApi | undefined;
  beforeAll(async () => {
    t = await testApi(opts);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });
  const get = () => {
    if (!t)
      throw new Error(
        'useTestApi : lisez l’application dans un test ou un hook, pas au chargement du fichier',
      );
    return t;
  };
  return {
    get database() {
      return get().database;
    },
    get ctx() {
      return get().ctx;
    },
    get app() {
      return get().app;
    },
    get keys() {
      return get().keys;
    },
    close: () => get().close(),
  };
}

/**
 * A formation of SIREN A created, published and validated through the API, and put in the general
 * catalogue (setCatalogue): diffused to the public. Returns its id.
 */
export async function diffuseeParApi(t: TestApi, cle: string): Promise<string> {
  const { id } = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: cle }),
    })
  ).json() as { id: string };
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/formations/${id}/publier`,
    headers: bearer(t.keys.writeA),
  });
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/formations/${id}/valider`,
    headers: bearer(t.keys.admin),
  });
  await setCatalogue(t.ctx, id, 'general');
  return id;
}

/** Stands in for the conformity engine's verdict, so visibility tests do not depend on reference data. */
export async function setCatalogue(
  ctx: AppContext,
  id: string,
  catalogue: 'general' | 'non_reglementaire',
): Promise<void> {
  await ctx.db.updateTable('formation').set({ catalogue }).where('id', '=', id).execute();
}

export async function countRows(
  ctx: AppContext,
  table: 'historique' | 'change_event' | 'formation' | 'formation_revision' | 'session' | 'import_tache',
): Promise<number> {
  const r = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
