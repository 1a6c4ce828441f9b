import { type Kysely, sql } from 'kysely';

// The history's `diff` (jsonb, ≈ 3.7 Ko for a formation created by an import: past the TOAST
// threshold, so compressed) is compressed with lz4 instead of pglz, as the documents are (0900):
// same values, about twice less server CPU to compress (20,000 creations: 2.1 → 1.2 s for the
// insert, parse included; docs/mesures.md, « Import LHEO : côté serveur, suite »), ≈ 4 % more
// bytes. Only rows written from now on; a server built without lz4 (PGlite) keeps pglz.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$ begin
      alter table historique alter column diff set compression lz4;
    exception when feature_not_supported or invalid_parameter_value then null;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table historique alter column diff set compression default`.execute(db);
}
