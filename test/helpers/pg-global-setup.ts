import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';
import { ensurePgTemplate } from './pg-template.ts';

// Extensions live in "public", created once before the workers start: parallel
// "create extension if not exists" calls from several test schemas would race (the bench's schemas).
// Test files each get a database copied from the migrated template made here (pg-template.ts).
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const d = await openDatabase({ url, poolSize: 1 });
  await sql`create extension if not exists unaccent with schema public`.execute(d.db);
  await sql`create extension if not exists pg_trgm with schema public`.execute(d.db);
  // Leftovers of interrupted runs (schemas of older runs, databases of test files): only those
  // older than a day, so that a run going on in parallel (another terminal, CI) keeps its own.
  const dayAgo = Date.now() / 1000 - 86_400;
  const old = (name: string) => Number(name.split('_')[1]) < dayAgo;
  const { rows } = await sql<{
    nspname: string;
  }>`select nspname from pg_namespace where nspname ~ '^t_[0-9]+_[0-9a-f]{8}$'`.execute(d.db);
  for (const r of rows) {
    if (old(r.nspname)) await sql`drop schema if exists ${sql.id(r.nspname)} cascade`.execute(d.db);
  }
  const { rows: bases } = await sql<{
    datname: string;
  }>`select datname from pg_database where datname ~ '^t_[0-9]+_[0-9a-f]{8}$'`.execute(d.db);
  for (const r of bases) {
    if (old(r.datname)) await sql`drop database if exists ${sql.id(r.datname)} with (force)`.execute(d.db);
  }
  await d.close();
  await ensurePgTemplate(url);
}
