import { type Kysely, sql } from 'kysely';

// The conformity failures of a formation's JSON (`conformite.echecs`) now come in a fixed order
// (blocking first, then rule code, field, message: db/conformite.repository.ts loadEchecs) instead
// of the order their rows were stored in. The stored documents (0750) were built in the old order:
// they are dropped, built on read until `offre check` (or the next write) stores them again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from formation_document`.execute(db);
}

/** Nothing to undo: the documents are rebuilt from the tables. */
export async function down(): Promise<void> {}
