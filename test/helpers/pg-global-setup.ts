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
  // Leftover schemas of interrupted runs: only those older than a day, so that a run going on
  // in parallel (another terminal, CI) keeps its own.
  const { rows } = await sql<{
    nspname: string;
  }>`select nspname from pg_namespace where nspname ~ '^t_[0-9]+_[0-9a-f]{8}$'`.execute(d.db);
  const dayAgo = Date.now() / 1000 - 86_400;
  for (const r of rows) {
    if (Number(r.nspname.split('_')[1]) < dayAgo)
      await sql`drop schema if exists ${sql.id(r.nspname)} cascade`.execute(d.db);
  }
  await d.close();
}
