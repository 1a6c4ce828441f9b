import { type Kysely, sql } from 'kysely';

// The words of the certifications' titles (RNCP, RS, BCN), for the typo correction of the
// certification picker (espace.service.ts suggestCertifications), as recherche_mot holds the words
// of the formations for the public search: the same correction (recherche.repository.ts
// corrections) over the vocabulary of what is searched. A certification that no formation uses yet
// has its words here, not in recherche_mot. Like recherche_mot, it keeps every word it saw (a
// stale word only proposes a correction that the picker then finds empty and does not say).

/** The words of a set of certification rows `n` (lower case, unaccented, 3 characters or more). */
const MOTS = `
      insert into certification_mot (mot)
      select distinct m from nouvelles n,
        regexp_split_to_table(lower(unaccent(coalesce(n.intitule, ''))), '[^a-z0-9]+') m
      where length(m) >= 3
      on conflict do nothing;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`
    create table certification_mot (mot text primary key);
    create index certification_mot_trgm on certification_mot using gin (mot gin_trgm_ops);
    insert into certification_mot (mot)
      select distinct m from certification k,
        regexp_split_to_table(lower(unaccent(coalesce(k.intitule, ''))), '[^a-z0-9]+') m
      where length(m) >= 3
      on conflict do nothing;
    create function certification_mots() returns trigger language plpgsql as $$
    begin ${MOTS}
      return null;
    end $$;
    create trigger certification_mots_ajout after insert on certification
      referencing new table as nouvelles for each statement execute function certification_mots();
    create trigger certification_mots_modif after update on certification
      referencing new table as nouvelles for each statement execute function certification_mots();
  `)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger certification_mots_modif on certification;
    drop trigger certification_mots_ajout on certification;
    drop function certification_mots();
    drop table certification_mot;
  `.execute(db);
}
