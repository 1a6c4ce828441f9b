import { type Kysely, sql } from 'kysely';

// A gestionnaire imports an organisme's returned workbook from its own pages (/gestion/imports):
// its job belongs to no SIREN (the workbook may hold rows of several, and the organisme must not
// see nor apply a preview it did not make) but to the gestionnaire who sent it. Such a job has no
// `siren` and is found by `utilisateur_id` (services/imports/import-tache.service.ts); once it is
// applied, each organisme it touched gets its finished row as for the API (import-trace.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table import_tache
      alter column siren drop not null,
      add constraint import_tache_proprietaire
        check (siren is not null or (origine = 'page' and utilisateur_id is not null));
    create index import_tache_gestion on import_tache (utilisateur_id, created_at desc) where siren is null;
  `.execute(db);
}

/** Back to jobs of a SIREN only: the gestionnaires' jobs go (their applied imports stay in each organisme's list). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from import_tache where siren is null;
    drop index if exists import_tache_gestion;
    alter table import_tache
      drop constraint if exists import_tache_proprietaire,
      alter column siren set not null;
  `.execute(db);
}
