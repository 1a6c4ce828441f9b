import { type Kysely, sql } from 'kysely';
import { regionsDeSessions } from '../../domain/formation.lignes.ts';

// The régions of a revision's sessions (`code_regions`, INSEE codes), written with its payload
// (db/formation.repository.ts insertRevision, updateRevision): the validation queue of a région
// lists the revisions that move an offer there, not only those of the offers already there, and
// its gestionnaires may open and decide them (services/gestion/validation.service.ts). Backfill:
// the open revisions, from their payload. The documents' trigger (0750) is held meanwhile: the
// column is not in the API documents. No index: the queue reads the pending revisions (partial
// index of 0600), few, and compares their régions.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table formation_revision add column code_regions text[] not null default '{}'`.execute(db);
  const { rows } = await sql<{ id: string; payload: unknown }>`select id, payload from formation_revision
    where statut in ('en_attente_validation', 'a_corriger')`.execute(db);
  await sql`alter table formation_revision disable trigger formation_document_perime_u`.execute(db);
  for (const r of rows) {
    const p = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as {
      sessions?: Parameters<typeof regionsDeSessions>[0];
    } | null;
    await sql`update formation_revision set code_regions = ${regionsDeSessions(p?.sessions ?? [])}
      where id = ${r.id}`.execute(db);
  }
  await sql`alter table formation_revision enable trigger formation_document_perime_u`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table formation_revision drop column if exists code_regions`.execute(db);
}
