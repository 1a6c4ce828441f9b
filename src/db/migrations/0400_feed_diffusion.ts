import { type Kysely, sql } from 'kysely';

// The change feed without leaks (issue 12 item 8): each event records whether the formation was in
// the diffusion (validated and in the Catalogue général) just after it, so that a public reader's
// feed can show an offer entering the diffusion as a create, leaving it as a tombstone, and never
// name an offer that was not diffused. Events written before this migration take the state the
// formation has now (the best knowledge there is); null (bulk loads) reads the same way.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table change_event add column diffusee boolean;
    update change_event e set diffusee = (f.statut = 'publiee' and f.catalogue = 'general')
      from formation f where f.id = e.entite_id;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table change_event drop column if exists diffusee`.execute(db);
}
