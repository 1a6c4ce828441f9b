import { type Kysely, sql } from 'kysely';

// Reference files uploaded from /gestion/referentiels: the file itself, the preview measured on it
// (diff and impact, computed in a rolled-back transaction), then the decision (applied or
// cancelled) with who made it. Applying runs the ordinary import, which records its own ref_run.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table referentiel_depot (
      id text primary key,
      kind text not null,
      fichier_nom text not null,
      fichier bytea not null,
      taille integer not null,
      empreinte text not null,
      etat text not null check (etat in ('apercu', 'en_cours', 'appliquee', 'annulee')),
      apercu jsonb,
      erreur jsonb,
      run_id integer,
      depose_par text not null,
      decide_par text,
      confirme boolean not null default false,
      created_at timestamptz not null default now(),
      decided_at timestamptz
    );
    create index referentiel_depot_recents on referentiel_depot (created_at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists referentiel_depot`.execute(db);
}
