import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communesDesLieux } from '../../src/db/referentiel-facts.repository.ts';
import { ensureCommunesParDefaut } from '../../src/services/referentiel.service.ts';
import { type TestDatabase, testContext, testDatabase } from '../helpers/db.ts';

// Each conformity round of an import asks for the communes of its places (≈ 150 INSEE codes and
// as many postal codes): read by the two indexes, not by a read of all ≈ 35,000 communes, in a
// new database where the list was just loaded (no autovacuum has run: the reference import leaves
// its tables analyzed).

let d: TestDatabase;
let insees: string[];
let cps: string[];

beforeAll(async () => {
  d = await testDatabase();
  await ensureCommunesParDefaut(testContext(d));
  const { rows } = await sql<{ code_insee: string; code_postal: string }>`select code_insee, code_postal
    from commune where code_insee like '%3' order by code_insee limit 150`.execute(d.db);
  insees = rows.map((r) => r.code_insee);
  const { rows: autres } = await sql<{ code_postal: string }>`select distinct code_postal
    from commune where code_insee like '%7' order by code_postal limit 150`.execute(d.db);
  cps = autres.map((r) => r.code_postal);
}, 300_000);
afterAll(async () => {
  await d?.close();
});

describe('communes des lieux d’un tour de contrôle', () => {
  it('reads the communes by their indexes after the list is loaded', async () => {
    const q = communesDesLieux(d.db, insees, cps).compile();
    const { rows } = await d.db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (verbose off) ${q.sql}`, [...q.parameters]),
    );
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    // Neither a read of the whole table nor a walk of a whole index filtering each row.
    expect(plan).not.toMatch(/Seq Scan on commune/);
    expect(plan).not.toMatch(/Filter:/);
    expect(plan).toMatch(/Index Cond: \(code_insee = ANY/);
    expect(plan).toMatch(/Index Cond: \(code_postal = ANY/);
  });

  it('finds the communes of either list, each once, by their key', async () => {
    const lus = await communesDesLieux(d.db, insees, cps).execute();
    const { rows: attendus } = await sql`select code_insee, code_postal, nom, lat, lon from commune
      where code_insee = any(${insees}::text[]) or code_postal = any(${cps}::text[])
      order by code_insee, code_postal`.execute(d.db);
    expect(lus.length).toBeGreaterThan(150);
    expect(lus).toEqual(attendus);
  });
});
