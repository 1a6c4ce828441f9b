import { type Kysely, sql } from 'kysely';

// A session withheld from diffusion by a *bloquant* rule of session scope (CONV_MARCHE_INCONNU,
// issue 12 item 3): the formation's other sessions stay diffused. Written by the conformity
// recomputation (services/conformite.service.ts), read by the views (domain/champs-professionnels.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table session add column retenue boolean not null default false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table session drop column if exists retenue`.execute(db);
}
