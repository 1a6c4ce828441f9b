import { type Kysely, sql } from 'kysely';

// The conformity recomputation that ends every import writes each new formation's verdicts
// (catalogue, certifiee, parcoursup, affelnet: conformite.repository.ts updateDerives), in the
// transaction that inserted it. Each of these updates wrote a new row version elsewhere and an
// entry in each of the 12 indexes of `formation`: `catalogue` was in the index `formation_diffusion
// (statut, catalogue, id)`, and the import's pages were full. A HOT update (heap-only tuple) writes
// no index entry, but only when no indexed column changes and the row's page has room for its new
// version — in the importing transaction the old version is not yet removable, so room for a
// second version of every row: fillfactor 50 (the table is as large after an import as with 100,
// which leaves the old versions dead in the first half of it). The diffusion reads (statut
// 'publiee', catalogue 'general', keyset on id) keep their index on (statut, id): the catalogue
// général is nearly all of the published offers, checked on the row (docs/mesures.md « Import
// LHEO : les verdicts écrits sans toucher aux index »). test/db/formation-verdicts-hot.test.ts.
// Existing pages are not rewritten: new rows (and new versions) follow the setting.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table formation set (fillfactor = 50)`.execute(db);
  await sql`drop index if exists formation_diffusion`.execute(db);
  await sql`create index formation_diffusion on formation (statut, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table formation reset (fillfactor)`.execute(db);
  await sql`drop index if exists formation_diffusion`.execute(db);
  await sql`create index formation_diffusion on formation (statut, catalogue, id)`.execute(db);
}
