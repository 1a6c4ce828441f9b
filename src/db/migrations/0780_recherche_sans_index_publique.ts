import { type Kysely, sql } from 'kysely';

// A search by words reads its candidates through the GIN index of the document (issue 10, point 7).
// The partial B-tree indexes of 0310 on the formations `publique` / `diffusee` made the planner
// (both engines) read every public formation in index order and test the words on each document
// instead: it counts `@@` as one cheap operator, while it reads the whole tsvector. EXPLAIN ANALYZE
// at 50,000 formations, `BTS` (9,428 of 37,197 public formations): the index scan tested 37,197
// documents (PostgreSQL 74 ms under load) where the GIN bitmap reads 12,789 rows (26 ms); `CAP`:
// 44 → 11 ms (docs/recherche.md « Mesures », passage 4). Without these indexes the planner chooses
// the GIN bitmap for any word found in less than about a third of the index, and a sequential scan
// beyond (where it is indeed cheaper). The search without words now reads the table sequentially
// (37,197 public rows of 50,000: PGlite 25 → 36 ms of CPU for that scan), a search the service
// keeps in cache per index version (recherche.service.ts pageIndexAccueil).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop index if exists formation_recherche_publique;
    drop index if exists formation_recherche_diffusee;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index if not exists formation_recherche_publique on formation_recherche (formation_id) where publique;
    create index if not exists formation_recherche_diffusee on formation_recherche (formation_id) where diffusee;
  `.execute(db);
}
