import { type Kysely, sql } from 'kysely';

// Two indexes of `session` that no read uses, each written for every session an import inserts
// (docs/mesures.md « Import LHEO : index des sessions sans lecteur, l’historique sans jsonb
// imbriqué »):
// - `session_latlon (lat, lon)`: the distance filters of the list and of the search read the
//   places of `recherche_lieu` (its own `recherche_lieu_latlon`), never the sessions' coordinates;
// - `session_region (code_region)`: every read of a session by its région also asks for a live
//   session (`not archivee`), which the partial index `session_region_formation (code_region,
//   formation_id) where not archivee` (0600) answers as well.
// test/db/session-index.test.ts checks that those reads are still answered by an index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists session_latlon`.execute(db);
  await sql`drop index if exists session_region`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists session_latlon on session (lat, lon)`.execute(db);
  await sql`create index if not exists session_region on session (code_region)`.execute(db);
}
