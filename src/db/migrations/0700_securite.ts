import { type Kysely, sql } from 'kysely';

// Issue 15 items 4 and 6: per-key API quotas set by an administrator (null = the configured
// default), the addresses each key has been used from (to notice a new one), and the audit trail
// of security events (never a password nor a key: see services/audit.service.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table api_key
      add column quota_lecture integer,
      add column quota_ecriture integer;
    create table api_key_ip (
      api_key_id text not null references api_key(id) on delete cascade,
      ip text not null,
      premier_usage timestamptz not null,
      primary key (api_key_id, ip)
    );
    create table audit_securite (
      id bigserial primary key,
      at timestamptz not null,
      evenement text not null,
      acteur text,
      ip text,
      cible text,
      details jsonb not null default '{}'::jsonb
    );
    create index audit_securite_at on audit_securite (at desc, id desc);
    create index audit_securite_evenement on audit_securite (evenement, at desc);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table audit_securite;
    drop table api_key_ip;
    alter table api_key drop column quota_lecture, drop column quota_ecriture;
  `.execute(db);
}
