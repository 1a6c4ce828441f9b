import { type Kysely, sql } from 'kysely';

// The change feed's breaks (fresh user's HIGH defect, 07/12/2026): after `offre db restore`, the
// restored base's counter was the dump's, so the feed numbered its next events again with the
// numbers the replaced base had already handed out (a partner who had read them read the new
// events under a cursor of the lost timeline, and never knew). A restore now moves the counter
// above every number the replaced base handed out, and records here the numbers lost: `(de, a]`,
// handed out by the replaced base after the dump, never again. A `since` in one of these ranges is
// refused (FLUX_RESTAURE, services/flux-restauration.service.ts): its reader holds events that no
// longer exist. `etat_du`: the restored base's last event date (the dump's state), `estimee`: `a`
// is a safety margin (the replaced base was unreadable or absent), not its last number.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table flux_rupture (
      id serial primary key,
      de bigint not null,
      a bigint not null check (a > de),
      at timestamptz not null,
      etat_du timestamptz,
      estimee boolean not null
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists flux_rupture`.execute(db);
}
