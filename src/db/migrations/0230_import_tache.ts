import { type Kysely, sql } from 'kysely';

// Imports started from the organisation's space (/espace/imports): each upload is a stored job
// (the file itself, its state, its progress, its report), run apart from the request that sent it,
// so that a large file never blocks a page, and kept to be listed with its report afterwards.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table import_tache (
      id text primary key,
      siren text not null,
      utilisateur_id text,
      acteur jsonb not null,
      format text not null check (format in ('classeur', 'lheo')),
      fichier_nom text not null,
      fichier bytea not null,
      taille integer not null,
      empreinte text not null,
      etape text not null check (etape in ('apercu', 'application')),
      etat text not null check (etat in ('en_attente', 'en_cours', 'terminee', 'echouee')),
      progression integer not null default 0,
      total integer,
      rapport jsonb,
      classeur_annote bytea,
      erreur jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      applique_at timestamptz
    );
    create index import_tache_siren on import_tache (siren, created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists import_tache`.execute(db);
}
