import { type Kysely, sql } from 'kysely';

// A refused sign-up removes only the account that sign-up created (`demandeur`): accounts an
// administrator attached to the pending structure stay, and so does the structure, `refusee`,
// until the SIREN signs up again (services/comptes/structure.service.ts). Pending structures of
// before get their demandeur from the sign-up's history (`utilisateur:<email>`).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table structure drop constraint if exists structure_statut_check;
    alter table structure add constraint structure_statut_check
      check (statut in ('en_attente', 'active', 'refusee'));
    alter table structure add column demandeur text;
    update structure s set demandeur = u.id
      from historique h, utilisateur u
      where s.statut = 'en_attente' and h.entite = 'structure' and h.entite_id = s.siren
        and h.action = 'inscription' and h.acteur = 'utilisateur:' || u.email and u.siren = s.siren;
  `.execute(db);
}

/** Back to two states: a refused structure goes with its accounts, as a refusal did before. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    delete from structure where statut = 'refusee';
    alter table structure drop column if exists demandeur;
    alter table structure drop constraint if exists structure_statut_check;
    alter table structure add constraint structure_statut_check check (statut in ('en_attente', 'active'));
  `.execute(db);
}
