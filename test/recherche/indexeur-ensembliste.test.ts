import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentsRecherche } from '../../src/db/migrations/0770_recherche_sans_retenues.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// Migration 1150: the indexer reads each source once for all the formations it is given (sessions
// and certifications grouped by formation, facet tokens mapped by one join to the dictionary)
// instead of once per formation, two recherche_jetons calls each. Same rows as the statement of
// 1120 (kept here as recherche_indexer_1120, from the same source text), tokens it meets for the
// first time added to the dictionary alike.

let d: TestDatabase;
type Db = TestDatabase['db'];

beforeAll(async () => {
  d = await testDatabase();
  let clock = Date.UTC(2026, 0, 15);
  await loadDemo({ db: d.db, engine: d.engine, now: () => new Date(clock++) }, { formations: 60, seed: 11 });
  await sql`
    create function recherche_indexer_1120(ids text[]) returns void language plpgsql as $$
    begin ${documentsRecherche(true, true)} end $$;
    -- The cases the demo has few of: withheld, archived and closed sessions, a formation with no
    -- session, offers on Parcoursup and Affelnet, published ones, and a certification rewritten
    -- (its row moves after its pair's: the texts keep the order the lateral read them in).
    update session set retenue = true where id in (select id from session order by id limit 6);
    update session set archivee = true where id in (select id from session order by id desc limit 6);
    update session set etat_recrutement = 'ferme' where id in (select id from session order by id limit 12 offset 6);
    delete from session where formation_id = (select id from formation order by id limit 1);
    update formation set parcoursup = 'publie', affelnet = 'publie' where id in (select id from formation order by id limit 5 offset 3);
    update formation set statut = 'publiee', catalogue = 'general' where id in (select id from formation order by id desc limit 20);
    update certification set intitule = intitule || ' (révisé)', rome_libelles = array['Boulangerie - viennoiserie']
      where type = 'rncp' and code = (select code_rncp from formation where code_cfd is not null order by id limit 1);
  `.execute(d.db);
}, 240_000);
afterAll(async () => {
  await d?.close();
});

/**
 * Every search row, its tokens by their texts, and the dictionary's texts: the number a new token
 * gets depends on the order the statement meets the formations in, which its plan decides (a
 * cached generic plan and a new one differ), before this migration as after it.
 */
const index = async (db: Db) => ({
  lignes: (
    await sql`select formation_id, document::text as document, niveau, type_diplome, apprentissage, conventionne,
        diffusee, publique, debuts::text[] as debuts, debuts_tous::text[] as debuts_tous,
        array(select k.jeton from recherche_jeton k where k.id = any(r.jetons) order by k.jeton) as jetons,
        array(select k.jeton from recherche_jeton k where k.id = any(r.jetons_tous) order by k.jeton) as jetons_tous
      from formation_recherche r order by formation_id`.execute(db)
  ).rows,
  jetons: (await sql`select jeton, id % 16 as facette from recherche_jeton order by jeton`.execute(db)).rows,
});

/** Runs `fn` in a transaction rolled back afterwards, and gives what it returned. */
async function annulee<T>(fn: (trx: Db) => Promise<T>): Promise<T> {
  let r: T | undefined;
  await d.db
    .transaction()
    .execute(async (trx) => {
      r = await fn(trx);
      throw new Error('rollback');
    })
    .catch((e: Error) => {
      if (e.message !== 'rollback') throw e;
    });
  return r as T;
}

/**
 * The index rebuilt by `indexer` in rounds of 25 as an import's, from an empty one: `vide`, the
 * dictionary of tokens emptied too (each token numbered again), or kept (every token known).
 */
const reconstruit = (indexer: string, dictionnaire: 'vide' | 'garde') =>
  annulee(async (trx) => {
    await sql`delete from formation_recherche`.execute(trx);
    if (dictionnaire === 'vide')
      await sql`delete from recherche_jeton; select setval('recherche_jeton_seq', 1, false)`.execute(trx);
    const { rows } = await sql<{ id: string }>`select id from formation order by id`.execute(trx);
    const ids = rows.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 25)
      await sql`select ${sql.raw(indexer)}(${ids.slice(i, i + 25)}::text[])`.execute(trx);
    return index(trx);
  });

describe('recherche_indexer (migration 1150)', () => {
  it('maps the facet tokens of a set of formations without a recherche_jetons call per formation', async () => {
    const appels = await annulee(async (trx) => {
      await sql`set local track_functions = 'pl'`.execute(trx);
      // Every token known (the demo's load indexed them): nothing to number, nothing to call.
      await sql`select recherche_indexer(array(select id from formation), false)`.execute(trx);
      const { rows } = await sql<{ n: number }>`select coalesce(sum(calls), 0)::int as n
        from pg_stat_xact_user_functions where funcname = 'recherche_jetons'`.execute(trx);
      return rows[0]!.n;
    });
    expect(appels).toBe(0);
  });

  it('writes the rows of the statement of 1120', async () => {
    const attendu = await reconstruit('recherche_indexer_1120', 'garde');
    expect(attendu.lignes).toHaveLength(60);
    expect(await reconstruit('recherche_indexer', 'garde')).toEqual(attendu);
  });

  it('adds the tokens it meets for the first time as the statement of 1120', async () => {
    const attendu = await reconstruit('recherche_indexer_1120', 'vide');
    expect(attendu.jetons.length).toBeGreaterThan(10);
    expect(await reconstruit('recherche_indexer', 'vide')).toEqual(attendu);
  });

  it('keeps through the changes above (each indexed by its trigger) what the statement of 1120 computes', async () => {
    const { avant, apres } = await annulee(async (trx) => {
      const avant = await index(trx);
      await sql`select recherche_indexer_1120(array(select id from formation))`.execute(trx);
      return { avant, apres: await index(trx) };
    });
    expect(avant).toEqual(apres);
  });
});
