import { type Kysely, sql } from 'kysely';

// The search index of an organisme's formations reads two of its columns only: its names
// (raison_sociale, enseigne: the document's weight C and the « Vouliez-vous dire » words). Its
// update trigger (migration 0300) reindexed every formation of every organisme an update statement
// touched, whatever it changed: an import upserts the organismes of each batch (upsertOrganismes,
// `on conflict do update` of every row), so each batch reindexed — document, facets, words — the
// formations already written of the organismes it met again, which its round indexes anyway; a
// reimport of an unchanged file reindexed the formations of all its organismes once per batch (an
// unchanged row is not written again, but it is computed). Here only the formations of an organisme
// whose names change are indexed: the others' rows would be the same (docs/mesures.md « Index de
// recherche d’un import : … (h-indexer) »).

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function recherche_organisme_maj() returns trigger language plpgsql as $$
    declare renommes text[] := array(
      select n.siret from nouvelles n left join anciennes o on o.siret = n.siret
      where o.siret is null or (n.raison_sociale, n.enseigne) is distinct from (o.raison_sociale, o.enseigne));
    begin
      -- Nothing renamed (an import's batch): no formation read, no indexing, the index's version kept.
      if cardinality(renommes) = 0 then return null; end if;
      perform recherche_indexer(array(
        select f.id from formation f where f.responsable_siret = any(renommes) or f.formateur_siret = any(renommes)));
      return null;
    end $$;
    drop trigger recherche_organisme_upd on organisme;
    create trigger recherche_organisme_upd after update on organisme
      referencing old table as anciennes new table as nouvelles
      for each statement execute function recherche_organisme_maj();`.execute(db);
}

/** 0300's: every formation of every organisme updated. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop trigger recherche_organisme_upd on organisme;
    create or replace function recherche_organisme_maj() returns trigger language plpgsql as $$
    begin
      perform recherche_indexer(array(
        select f.id from formation f join nouvelles n on n.siret in (f.responsable_siret, f.formateur_siret)));
      return null;
    end $$;
    create trigger recherche_organisme_upd after update on organisme
      referencing new table as nouvelles for each statement execute function recherche_organisme_maj();`.execute(
    db,
  );
}
