import { type Kysely, sql } from 'kysely';
import { documentsRecherche } from './0770_recherche_sans_retenues.ts';

// People search by the job (« mécanicien », « aide-soignant »), offers are named by the diploma
// (« Maintenance des véhicules »). The official link between the two is the ROME (France Travail's
// job classification): each RNCP fiche lists its ROME codes, which Offre kept (certification.rome),
// and their labels, which it now keeps too (certification.rome_libelles, same order; RNCP CSV member
// Rome `Codes_Rome_Libelle`, XML CODES_ROME/ROME/LIBELLE). The search document takes the labels of
// the formation's certifications at weight D (the objectif's: below the title, A, and the
// certification's title, B, above the organismes' and places' names, C), and the word list of the
// « Vouliez-vous dire » their words. A certification whose labels change is written by the
// reference import (its diff compares every column), and its update trigger (migration 0300)
// indexes the formations naming it, as for a new title. No reindexing here: no certification has
// labels yet, so no document changes until a reference import (or the demo) brings them.

const mots = (metiers: boolean) =>
  sql.raw(`
    create or replace function recherche_mots(ids text[]) returns void language plpgsql as $$
    begin
      insert into recherche_mot (mot)
      select distinct m from formation f
      left join organisme o on o.siret in (f.responsable_siret, f.formateur_siret)
      left join certification k on k.code in (f.code_rncp, f.code_cfd),
      regexp_split_to_table(lower(unaccent(concat_ws(' ', f.intitule, k.intitule, k.type_diplome,${metiers ? " array_to_string(k.rome_libelles, ' ')," : ''} o.raison_sociale, o.enseigne))), '[^a-z0-9]+') m
      where f.id = any(ids) and length(m) >= 3
      on conflict do nothing;
    end $$;`);

const indexeur = (metiers: boolean) => sql`
    create or replace function recherche_indexer(ids text[], mots boolean default true) returns void language plpgsql as $$
    begin
      perform nextval('recherche_version');
      ${documentsRecherche(true, metiers)}
      if mots then perform recherche_mots(ids); end if;
    end $$;`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table certification add column rome_libelles text[] not null default '{}'`.execute(db);
  await sql`${mots(true)} ${indexeur(true)}`.execute(db);
}

/** The indexer of 1010 and the word list of 0880. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`${mots(false)} ${indexeur(false)}`.execute(db);
  await sql`alter table certification drop column rome_libelles`.execute(db);
}
