import { type Kysely, sql } from 'kysely';

// The gestionnaire's workspace (issue 9): the data-quality dashboard lists the offers failing one
// rule code, and the queue finds the pending revisions and the last « publier » of each offer.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index controle_echec_code on controle_echec (code, formation_id);
    create index formation_en_attente on formation (id) where statut = 'en_attente_validation';
    create index formation_revision_en_attente on formation_revision (formation_id)
      where statut = 'en_attente_validation';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists controle_echec_code, formation_en_attente, formation_revision_en_attente`.execute(
    db,
  );
}
