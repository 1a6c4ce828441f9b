import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { OffreError } from '../domain/errors.ts';
import { withFaults } from './fault.ts';
import { lockDataDir } from './lock.ts';
import { PGliteDialect } from './pglite.dialect.ts';
import { DOSSIER_SAUVEGARDES, listSauvegardes } from './sauvegarde.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  /** PGlite only: a gzipped tarball of the whole data folder (`offre db dump`). */
  readonly dump?: () => Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL connection string; absent = embedded PGlite. */
  readonly url?: string;
  /** PGlite folder; absent = in memory (tests). */
  readonly dataDir?: string;
  /** PGlite only: start from this dump (`offre db restore`) instead of the folder's content. */
  readonly restoreFrom?: Uint8Array;
  /** PostgreSQL schema to work in (tests isolate each file in its own schema). */
  readonly schema?: string;
  readonly poolSize?: number;
}

// Dates stay 'YYYY-MM-DD' strings (no time zone games); bigint counters become numbers.
const DATE = 1082;
const INT8 = 20;
const asNumber = (v: string) => Number(v);
const asText = (v: string) => v;

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.schema, opts.poolSize);
  return openPglite(opts.dataDir, opts.restoreFrom);
}

async function openPostgres(url: string, schema?: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE) return asText;
        if (oid === INT8) return asNumber;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<DB>({ dialect: withFaults(new PostgresDialect({ pool })) });
  return { db, engine: 'postgres', close: () => db.destroy() };
}

async function openPglite(dataDir?: string, restoreFrom?: Uint8Array): Promise<Database> {
  const release = dataDir ? await lockDataDir(dataDir) : async () => {};
  try {
    // Loaded only when the embedded engine is used: a PostgreSQL process never pays for it.
    const [{ PGlite, types: pgliteTypes }, { pg_trgm }, { unaccent }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('@electric-sql/pglite/contrib/unaccent'),
    ]);
    const client = await PGlite.create(dataDir ? join(dataDir, 'pglite') : undefined, {
      extensions: { unaccent, pg_trgm },
      parsers: { [DATE]: asText, [INT8]: asNumber, [pgliteTypes.NUMERIC]: asText },
      ...(restoreFrom ? { loadDataDir: new Blob([restoreFrom as Uint8Array<ArrayBuffer>]) } : {}),
    });
    const db = new Kysely<DB>({ dialect: withFaults(new PGliteDialect(client)) });
    return {
      db,
      engine: 'pglite',
      // Holds the one connection (the dialect's lock): never a dump in the middle of a transaction.
      dump: () =>
        db
          .connection()
          .execute(async () => new Uint8Array(await (await client.dumpDataDir('gzip')).arrayBuffer())),
      close: async () => {
        await db.destroy();
        await release();
      },
    };
  } catch (e) {
    await release();
    if (dataDir && !restoreFrom && existsSync(join(dataDir, 'pglite', 'PG_VERSION')))
      throw baseEndommagee(dataDir, e);
    throw e;
  }
}

/**
 * What an embedded database folder that no longer opens says (after a crash of the machine, a
 * full disk, a file removed by hand): the cause, and the way back — the last dump.
 */
function baseEndommagee(dataDir: string, cause: unknown): OffreError {
  const dumps = listSauvegardes(dataDir);
  return new OffreError(
    'BASE_ENDOMMAGEE',
    `La base embarquée du dossier « ${dataDir} » ne s’ouvre pas (${(cause as Error)?.message ?? String(cause)}) : ` +
      'elle a pu être endommagée par un arrêt brutal. ' +
      (dumps.length
        ? `Restaurez la dernière sauvegarde avec « offre db restore » (${dumps[0]}), `
        : 'Restaurez une sauvegarde avec « offre db restore <fichier> » (aucune sauvegarde planifiée trouvée dans ' +
          `${join(dataDir, DOSSIER_SAUVEGARDES)}), `) +
      'l’ancien dossier est gardé à côté ; ou utilisez PostgreSQL (DATABASE_URL).',
  );
}
