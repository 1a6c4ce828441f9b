import { type Kysely, sql } from 'kysely';

// The gestionnaire's workspace (issue 9): the data-quality dashboard lists the offers failing one
// rule code, the queue finds the pending offers and revisions, the dashboard a région's offers.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index controle_echec_code on controle_echec (code, formation_id);
    create index formation_en_attente on formation (id) where statut = 'en_attente_validation';
    create index formation_revision_en_attente on formation_revision (formation_id)
      where statut = 'en_attente_validation';
    -- The offers of a région (a live session there), read from the index alone by the dashboard.
    create index session_region_formation on session (code_region, formation_id) where not archivee;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists controle_echec_code, formation_en_attente, formation_revision_en_attente,
    session_region_formation`.execute(db);
}
