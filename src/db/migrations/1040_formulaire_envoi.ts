import { type Kysely, sql } from 'kysely';

// The one-time token of the new-formation form (/espace/formations/nouvelle, docs/espace.md): the
// first POST carrying it creates the formation and records token → formation here, in the same
// transaction; a second POST with it (double click, three tabs, Back then send again) creates
// nothing and leads to that formation. The primary key makes concurrent POSTs wait for the first:
// one formation, whichever process serves them. `formation_id` is null only inside the creating
// transaction (the row is written first, the formation's id once created).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table formulaire_envoi (
      jeton text primary key,
      siren text not null,
      formation_id text references formation (id),
      created_at timestamptz not null default now()
    );
    create index formulaire_envoi_created_at on formulaire_envoi (created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists formulaire_envoi`.execute(db);
}
