import { existsSync, readdirSync, rmSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { OffreError } from '../domain/errors.ts';
import { ArchiveBlob } from './archive-blob.ts';
import { registerScratchHost } from './brouillon.ts';
import { copieDe, permettreCopie } from './copie.ts';
import { enveloppeFautes, withFaults } from './fault.ts';
import { signaleurConnexionPerdue } from './injoignable.ts';
import { lockDataDir } from './lock.ts';
import { registerLongWriteHost } from './long-write.ts';
import { type CopyMaker, PGliteDialect, PGliteRouter } from './pglite.dialect.ts';
import { preparer } from './preparee.ts';
import { DOSSIER_SAUVEGARDES, listSauvegardes } from './sauvegarde.ts';
import type { DB } from './schema.ts';

export type Engine = 'pglite' | 'postgres';

export interface Database {
  readonly db: Kysely<DB>;
  readonly engine: Engine;
  /**
   * PostgreSQL only: a second, smaller pool on the same database for the public prepared reads
   * (the whole catalogue's list page, the change feed's pages, the data version: lectureDe in
   * context.ts), whose sessions force generic plans (`plan_cache_mode = force_generic_plan`,
   * preparee.ts). Absent on PGlite (one connection: read `db`). Closed with `db`.
   */
  readonly lecture?: Kysely<DB>;
  /** PGlite only: a gzipped tarball of the whole data folder (`offre db dump`). */
  readonly dump?: () => Promise<Uint8Array>;
  /** PGlite with snapshot reads: copies made so far, the last one's wall time (ms) and size (bytes). */
  readonly copyStats?: { readonly copies: number; readonly lastMs: number; readonly lastBytes: number };
  /**
   * PGlite with snapshot reads: the scratch copies made so far for previews (db/brouillon.ts), the
   * last one's wall time until open (ms) and size (bytes).
   */
  readonly scratchStats?: { readonly copies: number; readonly lastMs: number; readonly lastBytes: number };
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
  /**
   * PGlite only: while a long write runs (LHEO import, workbook apply, reference import), the
   * other requests read a read-only copy of the base as it was just before, and their writes are
   * refused (503 BASE_OCCUPEE), instead of waiting for the end of the import (`offre serve`; see
   * long-write.ts). Costs the copy's memory (the size of the base) during each long write. A
   * preview of a long file runs on a scratch copy of its own meanwhile, the live base left free
   * (brouillon.ts).
   */
  readonly snapshotReads?: boolean;
  /**
   * PGlite only: runs once the data folder's lock is taken, before the base opens. `offre db
   * restore` moves the old base aside there, so it never moves a base another process (a running
   * `offre serve`) holds: that process's lock refuses first (BASE_VERROUILLEE), nothing moved.
   */
  readonly underLock?: () => void;
}

/**
 * The embedded database's buffer pool (`shared_buffers`, a PostgreSQL size such as `16MB`) from
 * OFFRE_PGLITE_SHARED_BUFFERS, or undefined (PGlite's default, 128MB) when unset or empty. Every
 * start of an instance zeroes its pool in WebAssembly: with 16MB an opening costs ≈ 0.4 s of CPU
 * instead of ≈ 0.9 s (docs/mesures.md); the test suite sets it, production keeps the default.
 * Throws CONFIG_INVALIDE on another value.
 */
export function pgliteSharedBuffers(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^\d+(kB|MB|GB)$/.test(value))
    throw new OffreError(
      'CONFIG_INVALIDE',
      `Configuration invalide — OFFRE_PGLITE_SHARED_BUFFERS : une taille est attendue (par exemple 16MB), pas « ${value} ».`,
    );
  return value;
}

// Dates stay 'YYYY-MM-DD' strings (no time zone games); bigint counters become numbers.
const DATE = 1082;
const INT8 = 20;
const asNumber = (v: string) => Number(v);
const asText = (v: string) => v;

/**
 * bytea (a file sent from a page, an annotated workbook, a report), to and from PostgreSQL's hex
 * text form with Node's native hex codec. PGlite's own serializer builds one string per byte
 * (`Array.from(bytes).map(…).join('')`) and its parser one parseInt per byte: for the 45 Mo of an
 * LHEO file sent from /espace/imports, stored, then read back by its preview, each held the
 * server's single thread for tens of seconds (review 05/12: `GET /` unanswered for 53 s).
 */
const BYTEA = 17;
const byteaVersTexte = (v: unknown): string => {
  if (!(v instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
  return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
};
/** The hex form (bytea_output's default, never changed by Offre); any other: PGlite's parser. */
const byteaDeTexte =
  (autre: (v: string) => unknown) =>
  (v: string): unknown =>
    v.startsWith('\\x') ? Buffer.from(v.slice(2), 'hex') : autre(v);

/**
 * Planner cost of a random page read, on both engines (PostgreSQL's default, 4, is for spinning
 * disks). The data lives in memory or on SSD, where a random read costs about a sequential one;
 * with 4, a search for a word found in 1 formation out of 5 read the whole index table
 * sequentially instead of its bitmap (EXPLAIN ANALYZE at 50,000 formations: 13,077 → 4,032
 * blocks, docs/recherche.md « Mesures »).
 */
export const RANDOM_PAGE_COST = 1.1;
/**
 * No JIT compilation of statements (PostgreSQL compiles, with LLVM, each execution of a statement
 * whose estimated cost passes `jit_above_cost`, 100,000): Offre's statements run in milliseconds,
 * where compiling costs more than it saves. The place trigger of the sessions (recherche_lieu_maj,
 * migrations 0300 and 1100) passed that cost at every chunk of a bulk import (600 sessions: two
 * lookups in `commune` estimated per row), and spent more CPU compiling than inserting
 * (docs/mesures.md « Import LHEO : la compilation JIT du déclencheur des lieux »). PGlite has no
 * JIT: the setting changes nothing there.
 */
const REGLAGES = `set random_page_cost = ${RANDOM_PAGE_COST}; set jit = off`;

/**
 * The read pool's sessions (Database.lecture): the prepared statements they run keep one generic
 * plan, instead of the plan made afresh at each call that `plan_cache_mode = auto` keeps choosing
 * for the list page (PostgreSQL CPU per page, one page repeated at 20,000 formations: 2.2–2.7 →
 * 1.6–1.7 ms, docs/mesures.md « Pool de lecture »). The few unprepared reads these routes make on
 * the way (documents built on read when absent) get generic plans too. Not on the main pool: it
 * would also change the plans PL/pgSQL keeps for the write triggers, and those of the filtered
 * reads, whose best plan depends on their values.
 */
const REGLAGES_LECTURE = `${REGLAGES}; set plan_cache_mode = force_generic_plan`;

/** Connections of the read pool for a main pool of `poolSize`: half, at least one. */
export const taillePoolLecture = (poolSize: number) => Math.max(1, Math.ceil(poolSize / 2));

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.schema, opts.poolSize);
  return openPglite(opts.dataDir, opts.restoreFrom, opts.snapshotReads ?? false, opts.underLock);
}

async function openPostgres(url: string, schema?: string, poolSize = 10): Promise<Database> {
  const db = poolPostgres(url, schema, poolSize, REGLAGES);
  const lecture = poolPostgres(url, schema, taillePoolLecture(poolSize), REGLAGES_LECTURE);
  return {
    db,
    engine: 'postgres',
    lecture,
    close: async () => {
      await Promise.all([db, lecture].map(fermer));
    },
  };
}

/**
 * Destroys `db` and ends its pg pool. Kysely ends the pool only when it was initialized, by a
 * statement run through it: a pool read only by COPY or by binary reads (copie.ts) stayed open,
 * its connections kept until the process ended (a test database then dropped `with (force)`, its
 * idle client's FATAL an uncaught pool error).
 */
async function fermer(db: Kysely<DB>): Promise<void> {
  const pool = copieDe(db);
  await db.destroy();
  if (pool && !pool.ending) await pool.end();
}

function poolPostgres(url: string, schema: string | undefined, max: number, reglages: string): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === DATE) return asText;
        if (oid === INT8) return asNumber;
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection ended by the server (pg_terminate_backend, a restart, a network cut): pg-pool
  // drops it and emits `error`, which, unheard, would end the process and every request with it.
  // One French line in the server's log instead (injoignable.ts); the pool opens another connection for its next statement
  // (test/db/pool-erreur.test.ts). Errors of a connection in use reach its statement as usual.
  pool.on('error', signaleurConnexionPerdue(reglages === REGLAGES_LECTURE ? 'de lecture' : 'd’écriture'));
  // On each new connection, before the pool hands it out (the client runs its queries in order): a
  // connection string's own `options` (the bench's CLI child) would override ours in the pool config.
  pool.on('connect', (client) => {
    client.query(reglages).catch(() => {});
    preparer(client as never);
  });
  // Fault injection (tests only) sees the statements of Kysely's connections and of the reads by COPY.
  const fautes = enveloppeFautes();
  const db = new Kysely<DB>({ dialect: withFaults(new PostgresDialect({ pool }), fautes) });
  // The reads carrying stored documents go by COPY binary on this pool (copie.ts).
  permettreCopie(db, pool, fautes);
  return db;
}

/** PGlite's module and the options Offre opens every instance with (extensions, type parsers, pool). */
async function pgliteOptions() {
  const sharedBuffers = pgliteSharedBuffers(process.env.OFFRE_PGLITE_SHARED_BUFFERS);
  // Loaded only when the embedded engine is used: a PostgreSQL process never pays for it.
  const [{ PGlite, types: pgliteTypes }, { pg_trgm }, { unaccent }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/unaccent'),
  ]);
  const options = {
    extensions: { unaccent, pg_trgm },
    parsers: {
      [DATE]: asText,
      [INT8]: asNumber,
      [pgliteTypes.NUMERIC]: asText,
      [BYTEA]: byteaDeTexte(pgliteTypes.parsers[BYTEA]!),
    },
    serializers: { [BYTEA]: byteaVersTexte },
    ...(sharedBuffers
      ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`] }
      : {}),
  };
  return { PGlite, options };
}

/**
 * A new in-memory PGlite instance opened as openDatabase opens one, from the dump `restoreFrom`,
 * for a caller that keeps it beyond one Database (the tests' instance per worker,
 * test/helpers/pglite-reutilisee.ts): wrap it with wrapPglite.
 */
export async function openPgliteInstance(restoreFrom: Uint8Array): Promise<PGlite> {
  const { PGlite, options } = await pgliteOptions();
  // Not `new Blob([restoreFrom])`: Node 20 reads that back slowly (archive-blob.ts).
  return PGlite.create(undefined, { ...options, loadDataDir: new ArchiveBlob(restoreFrom) });
}

/**
 * An open in-memory PGlite instance `client` as a Database, as openDatabase makes one (settings,
 * dialect, read copies when `snapshotReads`). Its `close` leaves the instance open: it refuses the
 * Database's later statements, waits for the one running, then calls `release` (once). Tests only
 * (the instance per worker, test/helpers/pglite-reutilisee.ts).
 */
export async function wrapPglite(
  client: PGlite,
  opts: { snapshotReads?: boolean; release: () => Promise<void> },
): Promise<Database> {
  const { PGlite, options } = await pgliteOptions();
  return pgliteDatabase(client, PGlite, options, {
    snapshotReads: opts.snapshotReads ?? false,
    keepOpen: true,
    release: opts.release,
  });
}

async function openPglite(
  dataDir: string | undefined,
  restoreFrom: Uint8Array | undefined,
  snapshotReads: boolean,
  underLock?: () => void,
): Promise<Database> {
  const release = dataDir ? await lockDataDir(dataDir) : async () => {};
  try {
    underLock?.();
    if (dataDir) copiesOubliees(dataDir);
    const { PGlite, options } = await pgliteOptions();
    const client = await PGlite.create(dataDir ? join(dataDir, 'pglite') : undefined, {
      ...options,
      // Not `new Blob([restoreFrom])`: Node 20 reads that back slowly (archive-blob.ts).
      ...(restoreFrom ? { loadDataDir: new ArchiveBlob(restoreFrom) } : {}),
    });
    return await pgliteDatabase(client, PGlite, options, {
      dataDir,
      snapshotReads,
      keepOpen: false,
      release,
    });
  } catch (e) {
    await release();
    if (dataDir && !restoreFrom && existsSync(join(dataDir, 'pglite', 'PG_VERSION')))
      throw baseEndommagee(dataDir, e);
    throw e;
  }
}

type PgliteModule = Awaited<ReturnType<typeof pgliteOptions>>;

/** `client` as a Database; `keepOpen`: its close leaves the instance open (wrapPglite). */
async function pgliteDatabase(
  client: PGlite,
  PGlite: PgliteModule['PGlite'],
  options: PgliteModule['options'],
  o: { dataDir?: string; snapshotReads: boolean; keepOpen: boolean; release: () => Promise<void> },
): Promise<Database> {
  const { dataDir, snapshotReads } = o;
  // One connection for the process: set once.
  await client.exec(REGLAGES);
  // The read copy is dropped at the end of the long write. A base in a folder is copied file by
  // file beside it (the system copies, off the event loop; the copy opens on its files), not
  // dumped to a tarball that a new instance unpacks in memory: both of these run in this thread,
  // and held every page for seconds at the start of each long write (docs/mesures.md).
  const ouvrir = async (c: { dir?: string; dump?: Blob }) => {
    const copy = await PGlite.create(c.dir, { ...options, ...(c.dump ? { loadDataDir: c.dump } : {}) });
    await copy.exec(REGLAGES);
    return copy;
  };
  const router = new PGliteRouter(
    client,
    !snapshotReads
      ? undefined
      : dataDir
        ? copieDeDossier(dataDir, (dir) => ouvrir({ dir }))
        : (dump: Blob) => ouvrir({ dump }),
    { keepOpen: o.keepOpen },
  );
  const db = new Kysely<DB>({ dialect: withFaults(new PGliteDialect(router)) });
  if (snapshotReads) {
    registerLongWriteHost(db, router);
    // A preview's trial on a copy: its statements yield to the event loop after each one, as
    // the long write's do, since they run in this thread too.
    registerScratchHost(db, {
      run: (fn) =>
        router.withScratch(async (copy) => {
          const brouillon = new Kysely<DB>({
            dialect: withFaults(new PGliteDialect(new PGliteRouter(copy, undefined, { yields: true }))),
          });
          try {
            return await fn(brouillon);
          } finally {
            await brouillon.destroy();
          }
        }),
    });
  }
  let fermeture: Promise<void> | undefined;
  return {
    db,
    engine: 'pglite',
    ...(snapshotReads ? { copyStats: router.stats, scratchStats: router.scratchStats } : {}),
    // Holds the live instance (the dialect's lock): never a dump in the middle of a transaction.
    dump: () =>
      router.exclusive(async (c) => new Uint8Array(await (await c.dumpDataDir('gzip')).arrayBuffer())),
    close: () => {
      fermeture ??= (async () => {
        await db.destroy();
        await o.release();
      })();
      return fermeture;
    },
  };
}

/** Folders of read and scratch copies in a data folder: `<dataDir>/copie-lecture-*` (see copieDeDossier). */
const COPIE = 'copie-lecture-';

/**
 * Read copies of the base in `dataDir` (PGliteRouter): after the router's checkpoint, with the
 * live instance idle, its folder is copied beside it (`fs.cp`, asynchronous: the other requests'
 * HTTP work goes on, their statements wait as for a transaction), then opened by `open`; the
 * folder is removed when the copy closes. Copies left by a process killed meanwhile are removed
 * at the next opening of the base.
 */
function copieDeDossier(dataDir: string, open: (dir: string) => Promise<PGlite>): CopyMaker {
  return {
    async capture() {
      const dir = await mkdtemp(join(dataDir, COPIE));
      try {
        await cp(join(dataDir, 'pglite'), dir, { recursive: true });
      } catch (e) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
      return {
        bytes: await tailleDossier(dir),
        open: () => open(dir),
        discard: () => rm(dir, { recursive: true, force: true }),
      };
    },
  };
}

async function tailleDossier(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) n += (await stat(join(e.parentPath, e.name))).size;
  return n;
}

/** Removes the read copies a killed process left in `dataDir` (under its lock). */
function copiesOubliees(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  for (const n of readdirSync(dataDir))
    if (n.startsWith(COPIE)) rmSync(join(dataDir, n), { recursive: true, force: true });
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

/**
 * The change feed's last number and the public-data version's counter in the embedded database
 * folder `dir` (a PGlite folder, such as the one `offre db restore` moved aside), each null when it
 * cannot be read (damaged, not a base, absent): opened on its own, closed at once. Its caller holds
 * the data folder's lock.
 */
export async function numerosDuDossier(dir: string): Promise<{ seq: number | null; version: number | null }> {
  const inconnus = { seq: null, version: null };
  if (!existsSync(join(dir, 'PG_VERSION'))) return inconnus;
  try {
    const [{ PGlite }, { pg_trgm }, { unaccent }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite/contrib/pg_trgm'),
      import('@electric-sql/pglite/contrib/unaccent'),
    ]);
    const client = await PGlite.create(dir, { extensions: { unaccent, pg_trgm } });
    const lire = async (requete: string) => {
      try {
        const { rows } = await client.query<{ n: string | number }>(requete);
        return rows[0] ? Number(rows[0].n) : null;
      } catch {
        return null;
      }
    };
    try {
      return {
        seq: await lire('select seq as n from feed_counter where id = 1'),
        // A base older than migration 0910 has no version.
        version: await lire('select v as n from donnees_version where id = 1'),
      };
    } finally {
      await client.close();
    }
  } catch {
    return inconnus;
  }
}
