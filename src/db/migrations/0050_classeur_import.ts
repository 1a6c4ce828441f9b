import { type Kysely, sql } from 'kysely';

// The journal of applied campaign-workbook imports: what file (SHA-256), by whom, when, with what
// totals. Re-importing is harmless by construction (rows are compared with the offer); the journal
// makes it visible ("déjà importé le …") and feeds the organisation's "Imports" tab.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table classeur_import (
      id bigint generated always as identity primary key,
      empreinte text not null,
      fichier text,
      annee integer not null,
      acteur text not null,
      totaux jsonb not null,
      at timestamptz not null default now()
    );
    create index classeur_import_empreinte on classeur_import (empreinte, id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists classeur_import`.execute(db);
}
