import { type Kysely, sql } from 'kysely';

// Imports made outside the organisme's page (`offre import lheo|classeur`, POST /api/v1/imports/…)
// change its formations too: each one is recorded in import_tache, one row per SIREN it touched,
// so that /espace/imports lists it (services/imports/import-trace.ts).
//
// - `origine`: 'page' (an upload of /espace/imports, every row before this migration), 'cli', 'api';
// - `lot`: the id shared by the rows of one import (one per SIREN); a page import's own id;
// - `cle_nom`: the API key's name for an import through the API (null otherwise);
// - the counts of the SIREN's part (LHEO: formations; workbook: rows): `creees`, `modifiees`,
//   `inchangees`, `archivees` (a workbook's closed rows), `rejetees`; filled when a job ends, and
//   here from the stored report of the page's finished jobs;
// - the file itself (`fichier`, `taille`, `empreinte`) is kept for page uploads only: nullable.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table import_tache
      add column origine text not null default 'page' check (origine in ('page', 'cli', 'api')),
      add column lot text,
      add column cle_nom text,
      add column creees integer,
      add column modifiees integer,
      add column inchangees integer,
      add column archivees integer,
      add column rejetees integer,
      alter column fichier drop not null,
      alter column taille drop not null,
      alter column empreinte drop not null;
    update import_tache set lot = id;
    update import_tache set
      creees = (rapport->'formations'->>'creees')::integer,
      modifiees = (rapport->'formations'->>'mises_a_jour')::integer,
      inchangees = (rapport->'formations'->>'inchangees')::integer,
      archivees = 0,
      rejetees = (rapport->'formations'->>'rejetees')::integer
    where format = 'lheo' and etat = 'terminee' and rapport is not null;
    update import_tache set
      creees = (rapport->'totaux'->>'nouvelle')::integer,
      modifiees = (rapport->'totaux'->>'modifiee')::integer,
      inchangees = (rapport->'totaux'->>'inchangee')::integer,
      archivees = (rapport->'totaux'->>'fermee')::integer,
      rejetees = (rapport->'totaux'->>'erreur')::integer
    where format = 'classeur' and etat = 'terminee' and rapport is not null;
    create index import_tache_lot on import_tache (lot);
  `.execute(db);
}

/** Back to page uploads only: the command-line and API rows go (they have no file). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from import_tache where origine <> 'page';
    drop index if exists import_tache_lot;
    alter table import_tache
      drop column origine,
      drop column lot,
      drop column cle_nom,
      drop column creees,
      drop column modifiees,
      drop column inchangees,
      drop column archivees,
      drop column rejetees,
      alter column fichier set not null,
      alter column taille set not null,
      alter column empreinte set not null;
  `.execute(db);
}
