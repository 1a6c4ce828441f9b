import { type Kysely, sql } from 'kysely';

// The history's `diff` is stored as `json` (its text, checked) instead of `jsonb` (parsed and
// rebuilt): an import's creation entry is ≈ 3.3 Ko of JSON per formation, and building it as
// jsonb was most of the server CPU of `insert into historique`, the import's second server cost
// (docs/mesures.md « Import LHEO : l’historique de création stocké en json »). Nothing reads it
// in SQL; its readers cast it back (`diff::jsonb`, db/historique.repository.ts diffLu), so that
// every entry reads as before, keys in jsonb's order. Still lz4 where the server has it (1020).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table historique alter column diff type json using diff::json`.execute(db);
  await sql`
    do $$ begin
      alter table historique alter column diff set compression lz4;
    exception when feature_not_supported or invalid_parameter_value then null;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table historique alter column diff type jsonb using diff::jsonb`.execute(db);
}
