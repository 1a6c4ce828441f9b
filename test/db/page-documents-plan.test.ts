import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { pageTextes } from '../../src/db/formation-document.repository.ts';
import type { Visibilite } from '../../src/domain/acces.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// A keyset page of the list (GET /formations, the stored documents joined) reads about a page of
// documents wherever it is in the catalogue. PostgreSQL answered the join by a merge of the
// formation and document id indexes and read every document before the cursor: O(the page's
// position), ≈ 20 ms of a page at the 10,000th of 50,000 formations (npm run bench, suite echelle,
// « pages distinctes »), 1 ms once the cursor bounds the documents too.

const anonyme: Visibilite = { kind: 'diffusee', siren: null, regions: [] };
const LIMITE = 11;

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
  const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
  // As the bench's demo leaves it: formation and session analyzed, the documents not.
  await loadDemo(ctx, { formations: 300, seed: 11 });
}, 120_000);
afterAll(() => database?.close());

interface Noeud {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: Noeud[];
}

/** Rows the plan of `q` read from `table` (EXPLAIN ANALYZE: actual rows × loops of its scans). */
async function lignesLues(q: CompiledQuery, table: string): Promise<number> {
  const { rows } = await database.db.executeQuery<{ 'QUERY PLAN': unknown }>(
    CompiledQuery.raw(`explain (analyze, format json) ${q.sql}`, [...q.parameters]),
  );
  const brut = rows[0]!['QUERY PLAN'];
  const plan = (typeof brut === 'string' ? JSON.parse(brut) : brut) as { Plan: Noeud }[];
  const somme = (n: Noeud): number =>
    (n['Relation Name'] === table ? n['Actual Rows'] * n['Actual Loops'] : 0) +
    (n.Plans ?? []).reduce((t, p) => t + somme(p), 0);
  return somme(plan[0]!.Plan);
}

describe('a keyset page of the list with its stored documents', () => {
  it('reads about a page of documents, deep in the catalogue as on the first page', async () => {
    const { rows } = await sql<{ id: string }>`select id from formation order by id`.execute(database.db);
    expect(rows.length).toBe(300);
    const page = (apres: string | null) =>
      pageTextes({ vue: 'public' }, database.db, anonyme, {}, apres, LIMITE + 1, { sauf: null });
    for (const analyse of [false, true]) {
      if (analyse) await sql`analyze formation_document`.execute(database.db);
      for (const position of [null, 150, 240]) {
        const apres = position === null ? null : rows[position]!.id;
        const lues = await lignesLues(page(apres).compile(), 'formation_document');
        expect(lues, `documents lus, analyse ${analyse}, position ${position}`).toBeLessThanOrEqual(
          3 * LIMITE,
        );
      }
    }
    // The page itself: the public formations after the cursor, in id order, each with its text.
    const apres = rows[150]!.id;
    const lignes = await page(apres).execute();
    expect(lignes.length).toBe(LIMITE + 1);
    expect(lignes.every((l) => l.id > apres && l.texte !== null)).toBe(true);
    expect(lignes.map((l) => l.id)).toEqual([...lignes.map((l) => l.id)].sort());
  });
});
