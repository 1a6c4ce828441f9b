import { type Kysely, sql } from 'kysely';

// Delegated and associated communes (communes nouvelles, communes associées): names and former
// codes people still write on places, attached to their current commune (docs/referentiels.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table commune_ancienne (
      code_insee text not null,
      nom text not null,
      code_insee_ancien text,
      statut text not null check (statut in ('deleguee', 'associee')),
      run_id bigint references ref_run (id),
      primary key (code_insee, nom)
    );
    create index commune_ancienne_code_ancien on commune_ancienne (code_insee_ancien);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists commune_ancienne`.execute(db);
}
