import { type Kysely, sql } from 'kysely';

// FORM_DOUBLON names the formation a formation duplicates. Its failure row now keeps that id
// (`formation_liee`) so that a write to formation A finds, in one indexed read, the formations
// whose stored failure points at A — its group before the write — and recomputes them with A
// (services/conformite.service.ts, « voisines »). Backfill: the id is read from the stored message
// (« Doublon probable avec la formation <id> … », domain/regles/formation.regles.ts). The update
// touches no column of the API documents: their trigger (0750) is held during it, so that no
// document is made stale for nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table controle_echec add column formation_liee text;
    create index controle_echec_formation_liee on controle_echec (formation_liee)
      where formation_liee is not null;
    alter table controle_echec disable trigger formation_document_perime_u;
    update controle_echec
      set formation_liee = substring(message from '^Doublon probable avec la formation ([^[:space:]]+)')
      where code = 'FORM_DOUBLON';
    alter table controle_echec enable trigger formation_document_perime_u;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists controle_echec_formation_liee;
    alter table controle_echec drop column if exists formation_liee;
  `.execute(db);
}
