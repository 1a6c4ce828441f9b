import { type Kysely, sql } from 'kysely';

// The import a history entry's write came from (docs/espace.md, « Historique »): `origine` is
// 'lheo' (an LHEO file) or 'classeur' (a campaign workbook), whoever sent it — the organisme's
// page, the command line or the API (its `acteur` says who) —, written by both write paths
// (formation.write.ts one by one, formation.bulk.ts by chunks) in the import's transaction
// (db/historique.repository.ts avecOrigine); null for every other write (forms, the API's
// formation routes, decisions) and for the entries written before this migration, whose command
// line imports are still told by their actor (`systeme:import-lheo`, `systeme:import-classeur`).
// A nullable column without default: no row is rewritten (the history is append-only).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table historique
      add column origine text check (origine in ('lheo', 'classeur'))
  `.execute(db);
}

/** The origin is forgotten; the entries stay. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table historique drop column origine`.execute(db);
}
