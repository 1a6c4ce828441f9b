import { type Compilable, CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Executor } from '../../src/db/executor.ts';
import { formationPage } from '../../src/db/formation.repository.ts';
import { saveFormationsBulk } from '../../src/services/formation.bulk.ts';
import { withDeferredRecompute } from '../../src/services/formation.write.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';
import { formationFixture, SIREN_A } from '../helpers/formations.ts';

// Migration 1250: the conformity recomputation at the end of an import writes the verdicts of the
// formations the import has just inserted, in the same transaction. Those updates are HOT (no
// index entry written) only when no index of `formation` covers a verdict and the page has room
// for the new version: before, each rewrote the 12 index entries of its formation.

let database: TestDatabase;
beforeAll(async () => {
  database = await testDatabase();
}, 120_000);
afterAll(() => database?.close());

/** Updates of `formation` by the current transaction, and how many of them were HOT. */
async function misesAJour(trx: Executor): Promise<{ upd: number; hot: number }> {
  const { rows } = await sql<{
    upd: number;
    hot: number;
  }>`select n_tup_upd::int as upd, n_tup_hot_upd::int as hot
    from pg_stat_xact_user_tables where relname = 'formation'`.execute(trx);
  return rows[0]!;
}

describe('the verdicts written at the end of an import', () => {
  it('are written without touching the indexes of formation (HOT updates)', async () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const inputs = Array.from({ length: 60 }, (_, i) =>
      formationFixture({ cle_externe: `HOT-${String(i).padStart(3, '0')}`, intitule: `Formation ${i}` }),
    );
    const { avant, apres, catalogues } = await database.db.transaction().execute(async (trx) => {
      const avant = await misesAJour(trx);
      await withDeferredRecompute(trx, now, () => saveFormationsBulk(trx, organismeDe(SIREN_A), inputs, now));
      const apres = await misesAJour(trx);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from formation
        where cle_externe like 'HOT-%' and catalogue is not null`.execute(trx);
      return { avant, apres, catalogues: rows[0]!.n };
    });
    // Every formation got its verdict, by one update each, none of which wrote an index entry.
    expect(catalogues).toBe(60);
    expect(apres.upd - avant.upd).toBe(60);
    expect(apres.hot - avant.hot).toBe(60);
  });

  it('no index of formation covers a column the recomputation writes', async () => {
    const { rows } = await sql<{ index: string; colonne: string }>`
      select i.indexrelid::regclass::text as index, a.attname as colonne
      from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum > 0
      where i.indrelid = 'formation'::regclass
        and (a.attnum = any(i.indkey::int2[])
          or pg_get_expr(i.indexprs, i.indrelid) ~ ('\\m' || a.attname || '\\M')
          or pg_get_expr(i.indpred, i.indrelid) ~ ('\\m' || a.attname || '\\M'))
      order by 1, 2`.execute(database.db);
    const verdicts = rows.filter((r) =>
      ['catalogue', 'certifiee', 'parcoursup', 'affelnet'].includes(r.colonne),
    );
    expect(verdicts).toEqual([]);
    expect(rows.some((r) => r.index === 'formation_diffusion' && r.colonne === 'statut')).toBe(true);
  });
});

/** The plan of `q`, sequential scans discouraged: what an index can answer, at any size. */
async function plan(q: Compilable<unknown>): Promise<string> {
  const { sql: texte, parameters } = q.compile();
  return database.db.connection().execute(async (c) => {
    await sql`set enable_seqscan = off`.execute(c);
    try {
      const { rows } = await c.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`explain ${texte}`, [...parameters]),
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await sql`reset enable_seqscan`.execute(c);
    }
  });
}

describe('the diffusion reads without catalogue in their index', () => {
  it('page the published offers of the catalogue général by an index, in id order', async () => {
    const anonyme = { kind: 'diffusee', siren: null, regions: [] } as const;
    for (const apres of [null, 'fo_m']) {
      const p = await plan(formationPage(database.db, anonyme, {}, apres, 101).select('formation.id'));
      expect(p).toMatch(/Index (Only )?Scan using formation_(diffusion|pkey) on formation/);
      expect(p).not.toMatch(/Sort/);
    }
  });
});
