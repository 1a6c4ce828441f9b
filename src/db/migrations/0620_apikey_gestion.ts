import { type Kysely, sql } from 'kysely';

// Managed API keys (issue 12 item 7, issue 9 item 7): an optional expiry date, who created and who
// revoked each key (every decision is history: the revocation is also written to `historique`).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table api_key
      add column expires_at timestamptz,
      add column created_by text,
      add column revoked_by text;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table api_key drop column expires_at, drop column created_by, drop column revoked_by`.execute(
    db,
  );
}
