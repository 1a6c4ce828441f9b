import { type Kysely, sql } from 'kysely';

// A bulk load into an empty store may defer the search index of the rows it inserts (issue 13,
// bench seed): with `set local offre.recherche_differee = 'on'` in the writing transaction, the
// formation and session triggers skip `recherche_indexer`, and the loader indexes each formation
// once afterwards (the demo: the conformity computation's update of every new formation fires the
// update trigger, outside those transactions; then any formation still missing from the index).
// Without the setting nothing changes: every write stays searchable in its own transaction.
// Measured on PGlite, 3,000 demo formations: the insert triggers indexed each formation twice
// (formation, then its sessions) before the conformity update indexed it a third time.
export async function up(db: Kysely<unknown>): Promise<void> {
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
  `.execute(db);
}

/** The functions of 0300. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function recherche_formation_maj() returns trigger language plpgsql as $$
    begin
      perform recherche_indexer(array(select id from nouvelles));
      return null;
    end $$;
    create or replace function recherche_session_maj() returns trigger language plpgsql as $$
    begin
      perform recherche_indexer(array(select distinct formation_id from nouvelles));
      return null;
    end $$;
  `.execute(db);
}
