import { type Kysely, sql } from 'kysely';

// An import's conformity update of each formation it wrote (catalogue, statuses) fired the word
// list trigger again (migration 0880, mode `mots`): the words of every formation were split and
// looked up twice, though none of the texts they come from had changed. In mode `mots` an update
// now takes the words of the rows whose word sources changed — title, certification codes,
// responsable and formateur SIRETs (recherche_mots) — only: the others' words were taken at their
// last write, and a change of an organisme's or certification's name indexes the formations naming
// it by its own trigger (migration 0300). Measured on PostgreSQL, 20,000 formations imported:
// docs/mesures.md, « Import LHEO : côté PostgreSQL ». Other modes are unchanged.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function recherche_formation_maj() returns trigger language plpgsql as $$
    declare mode text := current_setting('offre.recherche_differee', true);
    begin
      if mode = 'on' then return null; end if;
      if mode = 'mots' and TG_OP = 'UPDATE' then
        perform recherche_mots(array(
          select n.id from nouvelles n left join anciennes o on o.id = n.id
          where o.id is null
            or (n.intitule, n.code_rncp, n.code_cfd, n.responsable_siret, n.formateur_siret)
              is distinct from (o.intitule, o.code_rncp, o.code_cfd, o.responsable_siret, o.formateur_siret)));
        return null;
      end if;
      if mode = 'mots' then perform recherche_mots(array(select id from nouvelles)); return null; end if;
      perform recherche_indexer(array(select id from nouvelles));
      return null;
    end $$;
    drop trigger recherche_formation_upd on formation;
    create trigger recherche_formation_upd after update on formation
      referencing old table as anciennes new table as nouvelles
      for each statement execute function recherche_formation_maj();
  `.execute(db);
}

/** The function and trigger of 0880. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function recherche_formation_maj() returns trigger language plpgsql as $$
    declare mode text := current_setting('offre.recherche_differee', true);
    begin
      if mode = 'on' then return null; end if;
      if mode = 'mots' then perform recherche_mots(array(select id from nouvelles)); return null; end if;
      perform recherche_indexer(array(select id from nouvelles));
      return null;
    end $$;
    drop trigger recherche_formation_upd on formation;
    create trigger recherche_formation_upd after update on formation
      referencing new table as nouvelles
      for each statement execute function recherche_formation_maj();
  `.execute(db);
}
