import { type Kysely, sql } from 'kysely';

// The full report of an LHEO import (/espace/imports/{id}/rapport.csv): one line per formation
// created or unchanged, per field modified, per refusal, as a gzip-compressed CSV
// (formats/lheo/lheo.rapport.ts). The page lists the first ones only; this file has them all.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_tache add column rapport_complet bytea`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table import_tache drop column rapport_complet`.execute(db);
}
