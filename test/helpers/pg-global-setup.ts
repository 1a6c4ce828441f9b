import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.ts';

// Extensions live in "public", created once before the workers start: parallel
// "create extension if not exists" calls from several test schemas would race.
export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const d = await openDatabase({ url, poolSize: 1 });
  await sql`create extension if not exists unaccent with schema public`.execute(d.db);
  await sql`create extension if not exists pg_trgm with schema public`.execute(d.db);
  // Leftover schemas of interrupted runs.
  const { rows } = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname ~ '^t_[0-9a-f]{12}$'`.execute(d.db);
  for (const r of rows) await sql`drop schema if exists ${sql.id(r.nspname)} cascade`.execute(d.db);
  await d.close();
}
