import { type Kysely, sql } from 'kysely';

// Issue 11, item 7: one SIRET, several UAIs. A lycée and its apprenticeship unit (UFA) share a
// SIRET and have two UAIs: the UAI belongs to the role an establishment plays on a formation
// (responsable, formateur, mandataire), as the place's UAI belongs to the session
// (session.uai_lieu). `organisme.uai` stays the establishment's first known UAI, a default for a
// new role; it is never overwritten by another formation's value.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table formation add column responsable_uai text;
    alter table formation add column formateur_uai text;
    alter table formation add column mandataire_uai text;
    update formation f set responsable_uai = o.uai from organisme o where o.siret = f.responsable_siret and o.uai is not null;
    update formation f set formateur_uai = o.uai from organisme o where o.siret = f.formateur_siret and o.uai is not null;
    update formation f set mandataire_uai = o.uai from organisme o where o.siret = f.mandataire_siret and o.uai is not null;
    create index formation_responsable_uai on formation (responsable_uai);
    create index formation_formateur_uai on formation (formateur_uai);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table formation drop column responsable_uai;
    alter table formation drop column formateur_uai;
    alter table formation drop column mandataire_uai;
  `.execute(db);
}
