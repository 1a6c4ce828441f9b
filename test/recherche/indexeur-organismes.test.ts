import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { down as trigger0300 } from '../../src/db/migrations/1260_recherche_organisme_noms.ts';
import { versionIndex } from '../../src/db/recherche.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Migration 1260: an organisme's update reindexes its formations only when its names change (the
// only columns of it the index reads). An import upserts the organismes of each of its batches
// again, which reindexed, batch after batch, the formations already written of the organismes met
// again. The index an import builds is the same with the trigger of 0300 (restored here by 1260's
// down) and with 1260's.

const systeme = SYSTEME('test-indexeur-organismes');
const N = 260; // two batches of the import: organismes met again in the second

let source: TestDatabase;
let xml = '';
const cibles: TestDatabase[] = [];
type Db = TestDatabase['db'];

const contexte = (d: TestDatabase): AppContext => {
  const clock = Date.UTC(2026, 0, 15);
  return { db: d.db, engine: d.engine, now: () => new Date(clock) };
};

/** A fresh store, with the organisme trigger of 0300 (`ancien`) or of 1260, the file imported into it. */
async function importe(trigger: 'ancien' | 'nouveau'): Promise<TestDatabase> {
  const d = await testDatabase();
  cibles.push(d);
  if (trigger === 'ancien') await trigger0300(d.db as never);
  const report = await importLheo(contexte(d), systeme, [xml], { fichier: 'demo.xml' });
  expect(report.formations.creees).toBe(N);
  return d;
}

/** Every search row by its formation's key in the file (ids are new in each store), tokens by their texts. */
const index = async (db: Db) => ({
  lignes: (
    await sql`select f.siren_proprietaire, f.cle_externe, document::text as document, niveau, type_diplome, apprentissage, conventionne,
        diffusee, publique, debuts::text[] as debuts, debuts_tous::text[] as debuts_tous,
        array(select k.jeton from recherche_jeton k where k.id = any(r.jetons) order by k.jeton) as jetons,
        array(select k.jeton from recherche_jeton k where k.id = any(r.jetons_tous) order by k.jeton) as jetons_tous
      from formation_recherche r join formation f on f.id = r.formation_id
      order by f.siren_proprietaire, f.cle_externe`.execute(db)
  ).rows,
  jetons: (await sql`select jeton, id % 16 as facette from recherche_jeton order by jeton`.execute(db)).rows,
  mots: (await sql`select mot from recherche_mot order by mot`.execute(db)).rows,
});

/** The calls of recherche_indexer while `fn` runs, in a transaction rolled back afterwards. */
async function appels(db: Db, fn: (trx: Db) => Promise<unknown>): Promise<number> {
  let n = -1;
  await db
    .transaction()
    .execute(async (trx) => {
      await sql`set local track_functions = 'pl'`.execute(trx);
      await fn(trx);
      const { rows } = await sql<{ n: number }>`select coalesce(sum(calls), 0)::int as n
        from pg_stat_xact_user_functions where funcname = 'recherche_indexer'`.execute(trx);
      n = rows[0]!.n;
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  return n;
}

beforeAll(async () => {
  source = await testDatabase();
  await loadDemo(contexte(source), { formations: N, seed: 5, chunk: 130 });
  const exp = await openLheoExport(source.db, systeme, {}, new Date());
  const parts: string[] = [];
  for await (const c of exp.chunks) parts.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
  xml = parts.join('');
}, 240_000);
afterAll(async () => {
  await source?.close();
  for (const d of cibles) await d.close();
});

describe('recherche_organisme_maj (migration 1260)', () => {
  it('builds in an import the index the trigger of 0300 built: rows, tokens, words', async () => {
    const ancien = await importe('ancien');
    const nouveau = await importe('nouveau');
    const attendu = await index(ancien.db);
    expect(attendu.lignes).toHaveLength(N);
    expect(await index(nouveau.db)).toEqual(attendu);
  }, 600_000);

  it('reindexes nothing for an update that keeps the names, the formations of the renamed ones', async () => {
    const d = cibles[1] ?? (await importe('nouveau'));
    const { rows } = await sql<{ siret: string; n: number }>`select o.siret, count(*)::int as n
      from organisme o join formation f on o.siret in (f.responsable_siret, f.formateur_siret)
      group by o.siret order by count(*) desc, o.siret limit 2`.execute(d.db);
    const [a, b] = rows as [{ siret: string; n: number }, { siret: string; n: number }];
    // What each import batch does: its organismes upserted again, names as they are.
    expect(
      await appels(d.db, (trx) =>
        sql`update organisme set nda = coalesce(nda, '') || 'x', updated_at = now() where siret in (${a.siret}, ${b.siret})`.execute(
          trx,
        ),
      ),
    ).toBe(0);
    const version = await versionIndex(d.db);
    await sql`update organisme set uai = uai where siret = ${a.siret}`.execute(d.db);
    expect(await versionIndex(d.db)).toBe(version);
    // A new name: the formations of that organisme only, their documents with it.
    expect(
      await appels(d.db, (trx) =>
        sql`update organisme set raison_sociale = raison_sociale, enseigne = case when siret = ${b.siret}
          then 'Zygomatique Formation' else enseigne end where siret in (${a.siret}, ${b.siret})`.execute(
          trx,
        ),
      ),
    ).toBe(1);
    await sql`update organisme set raison_sociale = 'Quasimodo Apprentissage' where siret = ${a.siret}`.execute(
      d.db,
    );
    const { rows: docs } = await sql<{ n: number }>`select count(*)::int as n from formation_recherche
      where document @@ to_tsquery('french_unaccent', 'quasimodo')`.execute(d.db);
    expect(docs[0]!.n).toBe(a.n);
  });
});
