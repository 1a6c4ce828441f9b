import { type Kysely, sql } from 'kysely';
import { populationCog } from '../../referentiels/decoupage.ts';

// A commune's population (INSEE, inhabitants; `population_2021` of the communes file, `population`
// of the built-in COG list): "Où ?" picks the most populous of homonyms and orders its suggestions
// by it (docs/recherche.md « Où ? »). Communes already stored take the built-in list's population
// (re-importing the same file changes nothing: its hash is known); the next file replaces it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table commune add column population integer`.execute(db);
  const codes = await sql<{ code_insee: string }>`select distinct code_insee from commune`.execute(db);
  const valeurs = codes.rows.flatMap(({ code_insee }) => {
    const p = populationCog(code_insee);
    return p === null ? [] : [{ c: code_insee, p }];
  });
  if (valeurs.length)
    await sql`update commune set population = (v->>'p')::int
      from json_array_elements(${JSON.stringify(valeurs)}::json) v where code_insee = v->>'c'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table commune drop column if exists population`.execute(db);
}
