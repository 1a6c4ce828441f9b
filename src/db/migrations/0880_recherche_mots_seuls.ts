import { type Kysely, sql } from 'kysely';

// A long import may index its formations for the search once, at its end (issue 13): with
// `set local offre.recherche_differee = 'mots'` in the writing transaction, the formation and
// session triggers only add the words of the formations written to the « Vouliez-vous dire »
// list (recherche_mot, which keeps every name it saw, so they are taken when the trigger fires,
// as before), not their documents, facets and places; the importer then calls recherche_indexer
// once for the formations it wrote, after their conformity (which the document's facets read).
// Measured on PostgreSQL, LHEO import of 2,000 new formations: each was indexed three times (its
// insert, its sessions' insert, its conformity update). `on` (migration 0760) and no setting are
// unchanged.

/** The words of `ids` (the second statement of recherche_indexer, migration 0770). */
const MOTS = `
    create or replace function recherche_mots(ids text[]) returns void language plpgsql as $$
    begin
      insert into recherche_mot (mot)
      select distinct m from formation f
      left join organisme o on o.siret in (f.responsable_siret, f.formateur_siret)
      left join certification k on k.code in (f.code_rncp, f.code_cfd),
      regexp_split_to_table(lower(unaccent(concat_ws(' ', f.intitule, k.intitule, k.type_diplome, o.raison_sociale, o.enseigne))), '[^a-z0-9]+') m
      where f.id = any(ids) and length(m) >= 3
      on conflict do nothing;
    end $$;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`${MOTS}
    create or replace function recherche_formation_maj() returns trigger language plpgsql as $$
    declare mode text := current_setting('offre.recherche_differee', true);
    begin
      if mode = 'on' then return null; end if;
      if mode = 'mots' then perform recherche_mots(array(select id from nouvelles)); return null; end if;
      perform recherche_indexer(array(select id from nouvelles));
      return null;
    end $$;
    create or replace function recherche_session_maj() returns trigger language plpgsql as $$
    declare mode text := current_setting('offre.recherche_differee', true);
    begin
      -- A session names no word of the list.
      if mode in ('on', 'mots') then return null; end if;
      perform recherche_indexer(array(select distinct formation_id from nouvelles));
      return null;
    end $$;
  `)
    .execute(db);
}

/** The functions of 0760. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function recherche_formation_maj() returns trigger language plpgsql as $$
    begin
      if current_setting('offre.recherche_differee', true) = 'on' then return null; end if;
      perform recherche_indexer(array(select id from nouvelles));
      return null;
    end $$;
    create or replace function recherche_session_maj() returns trigger language plpgsql as $$
    begin
      if current_setting('offre.recherche_differee', true) = 'on' then return null; end if;
      perform recherche_indexer(array(select distinct formation_id from nouvelles));
      return null;
    end $$;
    drop function recherche_mots(text[]);
  `.execute(db);
}
