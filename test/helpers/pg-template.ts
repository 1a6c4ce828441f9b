import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { migrationsDigest } from './pglite-template.ts';

// A new schema migrated by every migration costs ≈ 0.45 s of CPU (0.37 s on the PostgreSQL server,
// 0.08 s in the test's process) and 2.5 s of wall time on a loaded machine; a database copied from
// a migrated template (`create database … template`, PostgreSQL's WAL_LOG strategy) ≈ 0.05 s on
// the server and 0.3 s of wall time (measured 01/12/2026, docs/mesures.md). The database each test
// file gets is the same — new, empty, migrated, its own — only made faster.

/** Name of the migrated template database for the current set of migrations. */
export function pgTemplateName(): string {
  nom ??= `offre_gabarit_${migrationsDigest()}`;
  return nom;
}
let nom: string | undefined;

/** `url` with its database name replaced by `database`. */
export function urlOf(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Advisory lock key of the template's making (any fixed bigint): parallel runs make it once. */
const TEMPLATE_LOCK = 7_406_002;

/**
 * Makes the migrated template database on the server of `url` when absent (pg-global-setup.ts, once
 * per run): created under a temporary name, given the extensions and the migrations, then renamed,
 * so that a run never clones a half-made template. Throws what PostgreSQL throws (the role needs
 * CREATEDB, as the fault suite's databases do).
 */
export async function ensurePgTemplate(url: string): Promise<string> {
  const template = pgTemplateName();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (!rowCount) {
      const tmp = `${template}_${randomBytes(4).toString('hex')}`;
      await admin.query(`create database "${tmp}"`);
      try {
        const d = await openDatabase({ url: urlOf(url, tmp), poolSize: 1 });
        try {
          await sql`create extension if not exists unaccent`.execute(d.db);
          await sql`create extension if not exists pg_trgm`.execute(d.db);
          await migrate(d.db);
        } finally {
          await d.close();
        }
        await admin.query(`alter database "${tmp}" rename to "${template}"`);
      } catch (e) {
        await admin.query(`drop database if exists "${tmp}"`);
        throw e;
      }
    }
    // Last use, read below to drop the templates of other migration sets unused for a day.
    await admin.query(`comment on database "${template}" is '${Math.floor(Date.now() / 1000)}'`);
    const { rows } = await admin.query<{ datname: string; usage: string | null }>(
      `select datname, shobj_description(oid, 'pg_database') as usage from pg_database
       where datname ~ '^offre_gabarit_[0-9a-f]{16}$' and datname <> $1`,
      [template],
    );
    const dayAgo = Date.now() / 1000 - 86_400;
    for (const r of rows)
      if (Number(r.usage ?? 0) < dayAgo) await admin.query(`drop database if exists "${r.datname}"`);
  } finally {
    await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => {});
    await admin.end();
  }
  return template;
}

/**
 * A new migrated database of its own on the PostgreSQL server of `url`, copied from the template
 * (ensurePgTemplate, made by the global setup), named `name` and dropped on close. `url` of the
 * result is its connection string, for a child process working on the same database.
 */
export async function openPrivateDatabase(
  url: string,
  name: string,
  poolSize = 10,
): Promise<Database & { readonly url: string }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database "${name}" template "${pgTemplateName()}"`);
  } catch (e) {
    await admin.end();
    throw e;
  }
  const own = urlOf(url, name);
  const database = await openDatabase({ url: own, poolSize });
  return {
    ...database,
    url: own,
    close: async () => {
      try {
        await database.close();
        // The pool's connections end after its close resolves: PostgreSQL waits for them (up to
        // 5 s). Only a connection still held then (a child process left running) is cut.
        await admin.query(`drop database if exists "${name}"`).catch(async (e) => {
          if ((e as { code?: string }).code !== '55006') throw e;
          await admin.query(`drop database if exists "${name}" with (force)`);
        });
      } finally {
        await admin.end();
      }
    },
  };
}
