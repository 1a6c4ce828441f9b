import { type Kysely, sql } from 'kysely';

// The régions of each offer, with the few columns the gestionnaire's pages group by (issue 9
// speed targets): one row per (région of a live session, formation). Rewritten for the formations
// of every conformity recomputation (conformite.service.ts), which every write of an offer, its
// sessions or its status already runs; the queue and the dashboard of a région then read this
// narrow table instead of probing the sessions of every offer.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table formation_region (
      code_region text not null,
      formation_id text not null references formation (id) on delete cascade,
      statut text not null,
      catalogue text,
      siren_proprietaire text not null,
      primary key (code_region, formation_id)
    );
    create index formation_region_formation on formation_region (formation_id);
    create index formation_region_statut on formation_region (code_region, statut, formation_id);
    insert into formation_region (code_region, formation_id, statut, catalogue, siren_proprietaire)
      select distinct s.code_region, f.id, f.statut, f.catalogue, f.siren_proprietaire
      from formation f join session s on s.formation_id = f.id
      where not s.archivee and s.code_region is not null;
    analyze formation_region;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table formation_region`.execute(db);
}
