import { type Kysely, sql } from 'kysely';

// A commune's population (INSEE, inhabitants; `population_2021` of the communes file, `population`
// of the built-in COG list): "Où ?" picks the most populous of homonyms and orders its suggestions
// by it (docs/recherche.md « Où ? »). Null until a file or list that carries it is imported.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table commune add column population integer`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table commune drop column if exists population`.execute(db);
}
