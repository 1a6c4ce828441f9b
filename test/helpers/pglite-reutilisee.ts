import { appendFileSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { expect } from 'vitest';
import { type Database, openPgliteInstance, wrapPglite } from '../../src/db/database.ts';
import { pgliteTemplate } from './pglite-template.ts';

// One PGlite instance per vitest worker, put back in the migrated template's state between test
// files, instead of a new instance restored from the template for each file (≈ 0.3 s of CPU at
// quiet, 0.7 s loaded, 450 to 500 times a run: docs/mesures.md « Suite de tests : une base PGlite
// par worker »). vitest runs each project with `isolate: false`: this module's state lives as
// long as the worker.
//
// The reset puts back what a test file can change with statements, and checks that nothing else
// changed; when the check fails, the instance is closed and the next file gets a new one:
//  - the data: every table of the template whose main fork is no longer its template size (a row
//    written, even rolled back) is truncated, with the tables whose foreign keys point to it,
//    without firing their triggers; the template's few seeded tables (migrations, counters, built-in rules) are truncated when their
//    content or size differs, and their rows copied back (COPY, binary);
//  - sequences: set back to the template's value;
//  - planner statistics: ANALYZE's rows of the template's tables removed (the template has none),
//    pg_class's page and row counts of every relation set back to the template's;
//  - the session: rollback of a transaction left open, DISCARD ALL (settings, prepared
//    statements, temporary tables, advisory locks, LISTEN), then openDatabase's settings;
//  - checked after, against the template: every system catalog (row counts, and no row written
//    since the template, pg_class and ANALYZE's own rows aside: see below), pg_class's columns
//    other than the file and statistics ones, the size of every relation of the template, the
//    content of the seeded tables, the sequences, the settings (pg_settings, pg_file_settings).
// Anything a file creates (a table, a function, a role, ALTER SYSTEM, a database-wide ANALYZE),
// drops or alters fails the check: that file's successor gets a new instance, as before.

/** A relation's planner counts in pg_class. */
interface Compte {
  readonly oid: number;
  readonly relpages: number;
  readonly reltuples: number;
  readonly relallvisible: number;
}

/** What the reset compares with and puts back: read once per worker from a new instance. */
export interface Gabarit {
  /** Next transaction id when the template was read: a catalog row newer than this is a change. */
  readonly horizon: number;
  /** Every table of the template (quoted names) and its main fork's size. */
  readonly tables: ReadonlyMap<string, number>;
  /** For each table, the tables whose foreign keys point to it (TRUNCATE needs them too). */
  readonly referencant: ReadonlyMap<string, readonly string[]>;
  /** The tables holding rows in the template, referenced ones first, with their rows and content digest. */
  readonly graines: readonly { table: string; rows: Blob; empreinte: string }[];
  /** Every sequence: `last_value, is_called`. */
  readonly sequences: ReadonlyMap<string, { last: string; called: boolean }>;
  readonly comptes: readonly Compte[];
  /** The fingerprint checked after each reset (empreinte()). */
  readonly empreinte: string;
}

/** Temporary namespaces: made by a session's first temporary table, kept after (their tables are not). */
const PAS_TEMP = `nspname not like 'pg\\_temp\\_%' and nspname not like 'pg\\_toast\\_temp\\_%'`;
/** Relations of the template's database (not the system's): tables, indexes, TOAST, sequences. */
const UTILISATEUR = `c.oid >= 16384 and c.relnamespace in (select oid from pg_namespace where ${PAS_TEMP})`;

const q = async <R>(client: PGlite, text: string, params: unknown[] = []): Promise<R[]> =>
  (await client.query<R>(text, params)).rows;

/** Quoted name of a relation, `"schema"."name"`. */
const nomSql = `format('%I.%I', n.nspname, c.relname)`;

/** The template state of `client`, a new instance restored from the template: what remettreANeuf puts back and checks. */
export async function lireGabarit(client: PGlite): Promise<Gabarit> {
  const [{ horizon }] = await q<{ horizon: string }>(client, 'select txid_current()::text as horizon');
  const tables = await q<{ nom: string; taille: number }>(
    client,
    `select ${nomSql} as nom, pg_relation_size(c.oid)::int as taille
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'm') and ${UTILISATEUR}`,
  );
  const liens = await q<{ cible: string; source: string }>(
    client,
    `select format('%I.%I', nc.nspname, cc.relname) as cible, format('%I.%I', ns.nspname, cs.relname) as source
       from pg_constraint k
       join pg_class cc on cc.oid = k.confrelid join pg_namespace nc on nc.oid = cc.relnamespace
       join pg_class cs on cs.oid = k.conrelid join pg_namespace ns on ns.oid = cs.relnamespace
      where k.contype = 'f'`,
  );
  const referencant = new Map<string, string[]>();
  for (const { cible, source } of liens) referencant.set(cible, [...(referencant.get(cible) ?? []), source]);
  const pleines = tables.filter((t) => t.taille > 0).map((t) => t.nom);
  // Referenced first: a seeded table's rows go back after those they point to.
  const ordre: string[] = [];
  const visiter = (t: string, chemin: Set<string>) => {
    if (ordre.includes(t) || chemin.has(t)) return;
    chemin.add(t);
    for (const l of liens)
      if (l.source === t && l.cible !== t && pleines.includes(l.cible)) visiter(l.cible, chemin);
    ordre.push(t);
  };
  for (const t of pleines) visiter(t, new Set());
  const graines = [];
  for (const table of ordre) {
    const res = await client.query(`copy ${table} to '/dev/blob' with (format binary)`);
    if (!res.blob) throw new Error(`gabarit PGlite : lignes de ${table} non lues`);
    graines.push({ table, rows: res.blob, empreinte: await contenu(client, table) });
  }
  const statistiques = await q<{ n: number }>(
    client,
    `select count(*)::int as n from pg_statistic s join pg_class c on c.oid = s.starelid where ${UTILISATEUR}`,
  );
  if (statistiques[0]!.n > 0)
    throw new Error('gabarit PGlite : des statistiques du planificateur inattendues');
  return {
    horizon: Number(horizon),
    tables: new Map(tables.map((t) => [t.nom, t.taille])),
    referencant,
    graines,
    sequences: await lireSequences(client),
    comptes: await q<Compte>(
      client,
      'select oid::int, relpages, reltuples::float8 as reltuples, relallvisible from pg_class c',
    ),
    empreinte: await empreinte(client, Number(horizon)),
  };
}

/**
 * Truncates the template's tables that hold no row but a page (rows written then deleted by the
 * migrations: `donnees_version_marque`), on every new instance: a reset would leave them with none
 * (the COPY of no row), and every instance then starts from the same sizes.
 */
async function sansPagesVides(client: PGlite): Promise<void> {
  const pleines = await q<{ nom: string }>(
    client,
    `select ${nomSql} as nom from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind = 'r' and ${UTILISATEUR} and pg_relation_size(c.oid) > 0`,
  );
  const vides: string[] = [];
  for (const { nom } of pleines)
    if ((await q(client, `select 1 from ${nom} limit 1`)).length === 0) vides.push(nom);
  if (vides.length)
    await client.exec(
      `set session_replication_role = replica; truncate ${vides.join(', ')}; reset session_replication_role`,
    );
}

/** Digest of a table's rows and main fork size. */
async function contenu(client: PGlite, table: string): Promise<string> {
  const [r] = await q<{ h: string }>(
    client,
    `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) || ':' || pg_relation_size('${table}') as h from ${table} t`,
  );
  return r!.h;
}

async function lireSequences(client: PGlite): Promise<Map<string, { last: string; called: boolean }>> {
  const noms = await q<{ nom: string }>(
    client,
    `select ${nomSql} as nom from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'S' and ${UTILISATEUR} order by 1`,
  );
  if (noms.length === 0) return new Map();
  const etats = await q<{ nom: string; last: string; called: boolean }>(
    client,
    noms
      .map(
        (s, i) =>
          `select $${i + 1}::text as nom, last_value::text as last, is_called as called from ${s.nom}`,
      )
      .join(' union all '),
    noms.map((s) => s.nom),
  );
  return new Map(etats.map((e) => [e.nom, { last: e.last, called: e.called }]));
}

/**
 * One string that changes with any object or setting a test file can create, drop or alter (see
 * the file's head): each system catalog's row count and rows written since `horizon` (pg_class
 * and pg_statistic compared apart: the reset itself rewrites their rows), pg_class's defining
 * columns, the sizes of the template's relations, the settings.
 */
async function empreinte(client: PGlite, horizon: number): Promise<string> {
  const catalogues = await q<{ nom: string }>(
    client,
    `select relname as nom from pg_class where relnamespace = 'pg_catalog'::regnamespace and relkind = 'r'
        and relname not in ('pg_class', 'pg_statistic', 'pg_statistic_ext_data') order by 1`,
  );
  const recent = `xmin::text::bigint >= ${horizon}`;
  const parties = [
    ...catalogues.map(({ nom }) =>
      nom === 'pg_namespace'
        ? `select '${nom}' || ':' || count(*) || ':' || count(*) filter (where ${recent}) from pg_catalog.${nom} where ${PAS_TEMP}`
        : `select '${nom}' || ':' || count(*) || ':' || count(*) filter (where ${recent}) from pg_catalog.${nom}`,
    ),
    // ANALYZE's rows of the system catalogs (a database-wide ANALYZE rewrites them).
    `select 'pg_statistic:' || count(*) || ':' || count(*) filter (where ${recent}) from pg_statistic where starelid < 16384`,
    `select 'pg_statistic_ext_data:' || count(*) from pg_statistic_ext_data`,
    `select 'pg_class:' || md5(string_agg(concat_ws(',', c.oid, c.relname, c.relnamespace, c.reltype, c.reloftype,
        c.relowner, c.relam, c.reltablespace, c.reltoastrelid, c.relhasindex, c.relisshared, c.relpersistence,
        c.relkind, c.relnatts, c.relchecks, c.relhasrules, c.relhastriggers, c.relhassubclass, c.relrowsecurity,
        c.relforcerowsecurity, c.relispopulated, c.relreplident, c.relispartition, c.relacl, c.reloptions,
        c.relpartbound), '|' order by c.oid))
       from pg_class c where c.relnamespace in (select oid from pg_namespace where ${PAS_TEMP})`,
    `select 'tailles:' || md5(string_agg(c.oid || '=' || pg_relation_size(c.oid), ',' order by c.oid))
       from pg_class c where c.relkind in ('r', 'p', 'm', 'i', 't', 'S') and ${UTILISATEUR}`,
    // Settings left at their default aside: a library's own (plpgsql's, pg_trgm's) appear once it is loaded.
    `select 'reglages:' || md5(string_agg(name || '=' || coalesce(setting, '') || '@' || source, ',' order by name))
       from pg_settings where source <> 'default'`,
    `select 'fichiers:' || md5(coalesce(string_agg(concat_ws(',', sourcefile, name, setting, applied), '|' order by sourcefile, seqno), ''))
       from pg_file_settings`,
  ];
  const rows = await q<{ e: string }>(client, parties.map((p) => `select (${p}) as e`).join(' union all '));
  return rows.map((r) => r.e).join('\n');
}

/**
 * Puts `client` back in the template's state (see the file's head). Returns what still differs
 * from the template afterwards (empty: the instance can serve the next file).
 */
export async function remettreANeuf(client: PGlite, g: Gabarit): Promise<string[]> {
  // A transaction left open by a file: its work is undone (a warning when there is none).
  await client.exec('rollback');
  await client.exec('discard all');
  const tailles = await q<{ nom: string; taille: number }>(
    client,
    `select ${nomSql} as nom, pg_relation_size(c.oid)::int as taille
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'm') and ${UTILISATEUR}`,
  );
  const aVider = new Set<string>();
  const ajouter = (t: string) => {
    if (aVider.has(t)) return;
    aVider.add(t);
    for (const r of g.referencant.get(t) ?? []) ajouter(r);
  };
  for (const { nom, taille } of tailles) if (g.tables.has(nom) && taille !== g.tables.get(nom)) ajouter(nom);
  for (const s of g.graines)
    if (!aVider.has(s.table) && (await contenu(client, s.table)) !== s.empreinte) ajouter(s.table);
  if (aVider.size) {
    // Without the tables' triggers (a TRUNCATE marks the data version: migration 0910) nor the
    // foreign keys' (the seeded rows go back as they were).
    await client.exec(`set session_replication_role = replica; truncate ${[...aVider].join(', ')}`);
    for (const s of g.graines)
      if (aVider.has(s.table))
        await client.query(`copy ${s.table} from '/dev/blob' with (format binary)`, [], { blob: s.rows });
    await client.exec('reset session_replication_role');
  }
  const sequences = await lireSequences(client);
  for (const [nom, v] of g.sequences) {
    const now = sequences.get(nom);
    if (now && (now.last !== v.last || now.called !== v.called))
      await client.query('select setval($1::regclass, $2::bigint, $3)', [nom, v.last, v.called]);
  }
  // Planner statistics: ANALYZE's rows of the template's relations (none in the template), and
  // every relation's counts in pg_class (TRUNCATE, VACUUM and ANALYZE change them).
  await client.exec(
    `delete from pg_statistic s using pg_class c where c.oid = s.starelid and ${UTILISATEUR}`,
  );
  await client.query(
    `update pg_class c set relpages = g.relpages, reltuples = g.reltuples, relallvisible = g.relallvisible
       from json_to_recordset($1::json) as g(oid oid, relpages int, reltuples float4, relallvisible int)
      where c.oid = g.oid and (c.relpages, c.reltuples, c.relallvisible) is distinct from (g.relpages, g.reltuples, g.relallvisible)`,
    [JSON.stringify(g.comptes)],
  );
  const ecarts: string[] = [];
  const apres = (await empreinte(client, g.horizon)).split('\n');
  const avant = g.empreinte.split('\n');
  for (let i = 0; i < Math.max(apres.length, avant.length); i++)
    if (apres[i] !== avant[i]) ecarts.push(`${avant[i] ?? '∅'} → ${apres[i] ?? '∅'}`);
  for (const s of g.graines) {
    const e = await contenu(client, s.table);
    if (e !== s.empreinte) ecarts.push(`${s.table} : ${s.empreinte} → ${e}`);
  }
  const seqApres = await lireSequences(client);
  for (const [nom, v] of g.sequences) {
    const now = seqApres.get(nom);
    if (now?.last !== v.last || now?.called !== v.called) ecarts.push(`${nom} : ${v.last} → ${now?.last}`);
  }
  return ecarts;
}

/**
 * Above this size of PGlite's WebAssembly memory (it never shrinks), an instance is closed
 * instead of kept for the next file: a file that grew it (a large import) does not leave its
 * memory to the worker.
 */
const MEMOIRE_MAX = 512 * 1024 * 1024;
/** Write-ahead log written since the last checkpoint beyond which the reset makes one (memory: PGlite's files live in it). */
const WAL_MAX = 64 * 1024 * 1024;

let gabarit: Promise<Gabarit> | undefined;
/** The worker's instance, between two files (undefined: none, or in use). */
let libre: PGlite | undefined;
/** What the worker's instances served: files, new instances, instances dropped and why (tests of this file, measurements). */
export const bilan = { prises: 0, neuves: 0, rejets: [] as string[] };
/** The test file that used the free instance last. */
let dernierFichier = '';

/** An instance not kept: why, in `bilan` and, when OFFRE_TEST_BASES names a file, one line there. */
function rejet(raison: string): void {
  bilan.rejets.push(raison);
  if (process.env.OFFRE_TEST_BASES)
    appendFileSync(process.env.OFFRE_TEST_BASES, `${dernierFichier}\t${raison.replaceAll('\n', ' ')}\n`);
}

/** A new instance from the template, with the worker's template state read from the first one. */
/** A new instance restored from the template, its tables without rows truncated (sansPagesVides). */
export async function nouvelleInstance(): Promise<PGlite> {
  const client = await openPgliteInstance(await pgliteTemplate());
  await sansPagesVides(client);
  return client;
}

async function neuve(): Promise<PGlite> {
  const client = await nouvelleInstance();
  bilan.neuves++;
  if (!gabarit) {
    gabarit = lireGabarit(client);
    gabarit.catch(() => {
      gabarit = undefined;
    });
  }
  await gabarit;
  return client;
}

/** Checks out the worker's instance, put back in the template's state, or a new one. */
async function prendre(): Promise<PGlite> {
  const client = libre;
  libre = undefined;
  if (client && !client.closed) {
    try {
      const ecarts = await remettreANeuf(client, await gabarit!);
      if (ecarts.length === 0) {
        await checkpointSiLong(client);
        return client;
      }
      rejet(ecarts.join(' ; '));
    } catch (e) {
      rejet(`remise à neuf en échec : ${(e as Error).message}`);
    }
    await client.close().catch(() => {});
  }
  return neuve();
}

/** Gives an instance back after its Database closed: kept for the next file, or closed. */
async function rendre(client: PGlite): Promise<void> {
  if (client.closed) return;
  const memoire = (client.Module as unknown as { HEAPU8: Uint8Array }).HEAPU8.byteLength;
  if (libre || memoire > MEMOIRE_MAX) {
    if (memoire > MEMOIRE_MAX) rejet(`mémoire : ${memoire} octets`);
    await client.close();
    return;
  }
  libre = client;
}

/** A checkpoint when the log written since the last one passed WAL_MAX (its segments are recycled then). */
async function checkpointSiLong(client: PGlite): Promise<void> {
  const [r] = await q<{ octets: number }>(
    client,
    'select (pg_current_wal_lsn() - (pg_control_checkpoint()).redo_lsn)::float8 as octets',
  );
  if (r!.octets > WAL_MAX) await client.exec('checkpoint');
}

/**
 * The test file's migrated database on the worker's PGlite instance (see the file's head). Its
 * `close` gives the instance back (statements after it are refused).
 */
export async function baseReutilisee(opts: { snapshotReads?: boolean } = {}): Promise<Database> {
  const client = await prendre();
  bilan.prises++;
  try {
    dernierFichier = expect.getState().testPath ?? '';
  } catch {
    dernierFichier = ''; // outside a vitest worker (a measurement script)
  }
  try {
    return await wrapPglite(client, { snapshotReads: opts.snapshotReads, release: () => rendre(client) });
  } catch (e) {
    await client.close().catch(() => {});
    throw e;
  }
}
