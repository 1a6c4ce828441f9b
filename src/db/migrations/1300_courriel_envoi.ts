import { type Kysely, sql } from 'kysely';

// E-mails leave after the answer (outbox): the action's transaction writes the message
// (`en_attente`), a sender in every server process sends it afterwards. `tentatives`: attempts
// made so far; `prochain_essai_at`: when it may be tried (again) — set ahead while one sender
// holds it (a lease, so that no other process sends it meanwhile), and after a failure (backoff).
// After the last attempt it stays `echec` with its error, for the operator.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table courriel add column tentatives integer not null default 0;
    alter table courriel add column prochain_essai_at timestamptz;
    update courriel set prochain_essai_at = created_at where statut = 'en_attente';
    create index courriel_a_envoyer on courriel (prochain_essai_at) where statut = 'en_attente';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists courriel_a_envoyer;
    alter table courriel drop column if exists prochain_essai_at;
    alter table courriel drop column if exists tentatives;
  `.execute(db);
}
