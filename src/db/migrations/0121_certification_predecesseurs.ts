import { type Kysely, sql } from 'kysely';

// Successions declared from the new side: RNCP `Ancienne_Certification` / ANCIENNES_CERTIFICATIONS,
// BCN `ANCIEN_DIPLOME_n`. The loader joins them with `successeurs` (declared from the old side).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table certification add column predecesseurs text[] not null default '{}';
    create index certification_predecesseurs on certification using gin (predecesseurs);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table certification drop column if exists predecesseurs`.execute(db);
}
