import { type Kysely, sql } from 'kysely';

// The public feed names exactly what the public list and detail show (fresh user's HIGH defect,
// 05/12/2026): an anonymous reader is shown a diffused offer only while one of its sessions is open
// to recruitment (docs/api.md « Clés et visibilité »). Each event records, beside `diffusee` (what
// read keys follow, migration 0400), whether the formation was shown to the public just after it.
// Events written before this migration keep null: read as the state the formation has now, as
// `diffusee` null is (no rewrite of the whole feed here).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table change_event add column publique boolean`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table change_event drop column if exists publique`.execute(db);
}
