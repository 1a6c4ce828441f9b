import type { FastifyInstance } from 'fastify';
import { type Config, readConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { FormationInputSchema } from '../../src/domain/formation.schema.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { testDatabase } from '../helpers/db.ts';

// Shared by the store and API tests: a migrated database, an app, keys, and valid formations.

export const SIRET_A = '13002526500013'; // Luhn-valid, SIREN 130025265
export const SIREN_A = '130025265';
export const SIRET_B = '55210055400013'; // SIREN 552100554
export const SIREN_B = '552100554';

export interface TestApi {
  database: Database;
  ctx: AppContext;
  app: FastifyInstance;
  keys: { read: string; writeA: string; writeB: string; admin: string };
  close(): Promise<void>;
}

export async function testApi(
  opts: { poolSize?: number; now?: () => Date; limites?: Partial<Config['limites']> } = {},
): Promise<TestApi> {
  const database = await testDatabase({ poolSize: opts.poolSize });
  const base = readConfig();
  const ctx: AppContext = {
    db: database.db,
    engine: database.engine,
    now: opts.now ?? (() => new Date()),
    ...(opts.limites ? { config: { ...base, limites: { ...base.limites, ...opts.limites } } } : {}),
  };
  const app = await buildApp(ctx);
  // A write key is bound to a known organisation: the two test organismes exist first.
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
    (await createApiKey(ctx, { name: `test-${scope}-${siren ?? ''}`, scope, siren })).key;
  const keys = {
    read: await key('read'),
    writeA: await key('write', SIREN_A),
    writeB: await key('write', SIREN_B),
    admin: await key('admin'),
  };
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

/** A complete formation (parsed by the production schema, so the fixture cannot drift). */
export function formationFixture(over: Partial<FormationInput> & { siret?: string } = {}): FormationInput {
  const { siret = SIRET_A, ...rest } = over;
  return FormationInputSchema.parse({
    cle_externe: 'BTS-MCO-LYON',
    intitule: 'BTS Management commercial opérationnel',
    objectif: 'Former des managers d’unité commerciale.',
    certification: { rncp: 'RNCP38368', cfd: '32031213' },
    responsable: { siret, uai: '0693446W', raison_sociale: 'CFA Exemple' },
    formateur: { siret },
    contacts: [{ type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa.example' }],
    modalites: {
      formation_continue: false,
      contrat_professionnalisation: true,
      contrat_apprentissage: true,
      annees_apprentissage: [1, 2],
      duree_annees: 2,
    },
    sessions: [
      {
        cle_externe: 'S2026',
        debut: '2026-09-01',
        fin: '2028-06-30',
        capacite: 24,
        lieu: { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' },
      },
    ],
    ...rest,
  });
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

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
  table: 'historique' | 'change_event' | 'formation_revision' | 'session',
): Promise<number> {
  const r = await ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
