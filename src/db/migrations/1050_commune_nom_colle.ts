import { type Kysely, sql } from 'kysely';

// « lhay les roses » is L’Haÿ-les-Roses (« l hay les roses » once normalised): an elided article
// typed without its apostrophe glues to the next word. « Où ? » looks a name up by its normalised
// form without spaces when neither the exact name nor a name starting with it exists
// (recherche.repository.ts findCommunes); this index keeps that lookup an index scan.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index commune_nom_colle on commune ((replace(nom_normalise, ' ', '')))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index commune_nom_colle`.execute(db);
}
