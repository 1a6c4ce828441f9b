import { type Kysely, sql } from 'kysely';

// Campaign calendars (issue 9 item 5): Parcoursup's opening date, who last changed the national
// calendar, and each région's own collection dates (collection opens, workbooks due, transmission
// to the national catalogue), which override the national defaults of `campagne`.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table campagne
      add column ouverture_parcoursup date,
      add column modifie_par text,
      add column modifie_le timestamptz;
    create table campagne_region (
      annee integer not null references campagne (annee) on delete cascade,
      region text not null,
      ouverture_collecte date,
      retour_attendu date,
      transmission_catalogue date,
      modifie_par text not null,
      modifie_le timestamptz not null,
      primary key (annee, region)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table campagne_region;
    alter table campagne drop column ouverture_parcoursup, drop column modifie_par, drop column modifie_le;
  `.execute(db);
}
