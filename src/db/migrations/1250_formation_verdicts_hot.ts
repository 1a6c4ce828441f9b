import { type Kysely, sql } from 'kysely';

// Issue 13, a first load writes each formation row once in its indexes. The conformity
// recomputation that ends every import writes each new formation's verdicts (catalogue,
// certifiee, parcoursup, affelnet: conformite.repository.ts updateDerives) in the transaction
// that inserted it. Each of these updates wrote a new row version on another page and an entry in
// each index of `formation` (after a 10,000-formation first load: n_tup_upd 10,000,
// n_tup_hot_upd 0, 113,000 WAL records): `catalogue` (null, then its verdict) was in the index
// `formation_diffusion (statut, catalogue, id)`, and the import's pages were full. A HOT update
// (heap-only tuple) writes no index entry, but only when no indexed column changes and the row's
// page has room for its new version — in the importing transaction the old version is not yet
// removable, so room for a second version of every row of the page: fillfactor 50. After a first
// load the table is as large as with 100, which left every old version dead in it (each heap page
// read by a sequential scan either way). The diffusion reads (statut 'publiee', catalogue
// 'general', keyset on id) keep an index on (statut, id): the catalogue général is nearly all the
// published offers, checked on the row. The same change was migration 1160 on branch h-verdict,
// reverted for want of a measure of the reads (docs/mesures.md « Import LHEO : les verdicts écrits
// sans toucher aux index », then « … chaque ligne écrite une fois », h-unefois).
// test/db/formation-verdicts-hot.test.ts. Existing pages are not rewritten: new rows (and new
// versions) follow the setting.
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
