import { type Kysely, sql } from 'kysely';

// Partner files (issue 12 item 5, docs/partenaires.md): the last files written for each profile,
// with their counts and SHA-256, kept in the database (not the data folder) so that every server
// process — on any machine — serves the same files, and a file and its metadata are written and
// pruned in one transaction. An API key names the profiles whose files it may read.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table fichier_partenaire (
      id text primary key,
      profil text not null,
      nom text not null,
      format text not null,
      type_contenu text not null,
      cree_le timestamptz not null,
      formations integer not null,
      sessions integer not null,
      octets integer not null,
      sha256 text not null,
      contenu bytea not null
    );
    create index fichier_partenaire_profil on fichier_partenaire (profil, cree_le desc);
    alter table api_key add column profils text[] not null default '{}';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists fichier_partenaire; alter table api_key drop column if exists profils`.execute(
    db,
  );
}
