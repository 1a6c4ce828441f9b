import { type Kysely, sql } from 'kysely';

// The formation JSON's `conformite.echecs` no longer carries FORM_DOUBLON: its message named the
// other formation (title, external reference) to every reader of the JSON, a draft included
// (services/formation.view.ts). The stored documents (0750) of the formations with such a failure
// are dropped, built on read until `offre check` (or the next write) stores them again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from formation_document
    where formation_id in (select formation_id from controle_echec where code = 'FORM_DOUBLON')`.execute(db);
}

/** Nothing to undo: the documents are rebuilt from the tables. */
export async function down(): Promise<void> {}
