import { type Kysely, sql } from 'kysely';

// The stored documents (0750) are read on every list and feed page and written by every check:
// compressed with lz4 instead of pglz (the default), they are compressed about twice and
// decompressed about 1.5 times as fast (docs/echelle.md, « Lectures servies par des documents
// stockés »), for the same size. Only documents written from now on; a server built without lz4
// (PGlite) keeps pglz.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    do $$ begin
      alter table formation_document
        alter column professionnel set compression lz4,
        alter column partenaire set compression lz4,
        alter column public set compression lz4;
    exception when feature_not_supported or invalid_parameter_value then null;
    end $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table formation_document
    alter column professionnel set compression default,
    alter column partenaire set compression default,
    alter column public set compression default`.execute(db);
}
