import { Readable } from 'node:stream';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { INDEX_DIFFERES } from '../../src/db/premier-chargement.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { contenu, differences } from '../faults/moteur.ts';
import { TEST_ENGINE, type TestDatabase, testDatabase } from '../helpers/db.ts';
import { type Cote, coteDemo, fluxEnOrdre } from '../helpers/flux.ts';

// First load (issue 13, db/premier-chargement.ts; `offre import lheo` asks for it): an LHEO import
// into a store without any formation drops the secondary indexes it never reads and builds them again before its commit.
// The outcome is exactly the one of the same import with every index kept (the whole database,
// the reports, the feed in order, the search index, every index's definition); a second import
// (the store is no longer empty) keeps its indexes; an import refused halfway leaves them as they were.

const systeme = SYSTEME('test-premier');
let source: Cote;
let xml = '';

/** An empty migrated store with a clock that advances by one millisecond at each `now()`. */
async function coteVide(): Promise<Cote> {
  const d = await testDatabase();
  let clock = Date.UTC(2026, 0, 20);
  const ctx: AppContext = { db: d.db, engine: d.engine, now: () => new Date(clock++) };
  return { d, ctx };
}

/** Every index of the schema: name, definition, and its relation's oid (new when built again). */
async function index(db: Database['db']) {
  const { rows } = await sql<{ nom: string; definition: string; oid: number }>`
    select c.relname as nom, pg_get_indexdef(c.oid) as definition, c.oid::int as oid
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind = 'i' and n.nspname = current_schema() order by c.relname`.execute(db);
  return rows;
}
const definitions = (l: Awaited<ReturnType<typeof index>>) =>
  l.map(({ nom, definition }) => ({ nom, definition }));
const oids = (l: Awaited<ReturnType<typeof index>>) => new Map(l.map((i) => [i.nom, i.oid]));

/** The search index (its rows by the formation's numero, ids being drawn at random) and its words. */
async function indexRecherche(db: Database['db']) {
  const { rows } = await sql<{ index: unknown; mots: unknown }>`select
    (select json_agg((to_jsonb(r) - 'formation_id') || jsonb_build_object('numero', f.cle_externe) order by f.cle_externe)
      from formation_recherche r join formation f on f.id = r.formation_id) as index,
    (select json_agg(m.mot order by m.mot) from recherche_mot m) as mots`.execute(db);
  return rows[0];
}

beforeAll(async () => {
  source = await coteDemo();
  const exp = await openLheoExport(source.d.db, systeme, {});
  const parts: string[] = [];
  for await (const c of exp.chunks) parts.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
  xml = parts.join('');
}, 120_000);
afterAll(async () => {
  await source?.d.close();
});

describe('premier chargement LHEO dans un magasin vide', () => {
  it('the same store as an import with every index kept; the indexes it dropped built again, as defined', async () => {
    const garde = await coteVide();
    const premier = await coteVide();
    try {
      const avant = await index(premier.d.db);
      const a = await importLheo(garde.ctx, systeme, Readable.from([xml]), { premierChargement: false });
      const b = await importLheo(premier.ctx, systeme, Readable.from([xml]), { premierChargement: true });
      expect(b.formations.creees).toBe(60);
      expect(b).toEqual(a);
      expect(differences(await contenu(premier.d.db), await contenu(garde.d.db), 5)).toEqual([]);
      expect(await fluxEnOrdre(premier.d.db)).toEqual(await fluxEnOrdre(garde.d.db));
      expect(await indexRecherche(premier.d.db)).toEqual(await indexRecherche(garde.d.db));
      // Every index is there, defined as before, on both sides.
      const apres = await index(premier.d.db);
      expect(definitions(apres)).toEqual(definitions(avant));
      expect(definitions(await index(garde.d.db))).toEqual(definitions(avant));
      // Those of the first load were built again (new relations), the others kept (same relations).
      const o1 = oids(avant);
      const o2 = oids(apres);
      const rebatis = [...o2].filter(([nom, oid]) => o1.get(nom) !== oid).map(([nom]) => nom);
      expect(rebatis.sort()).toEqual([...INDEX_DIFFERES].sort());
      // The rebuilt indexes answer: the search by region and the list of diffused offers use them.
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from session
        where code_region is not null and not archivee`.execute(premier.d.db);
      await sql`set enable_seqscan = off`.execute(premier.d.db);
      const { rows: parIndex } = await sql<{ n: number }>`select count(*)::int as n from session
        where code_region is not null and not archivee`.execute(premier.d.db);
      await sql`set enable_seqscan = on`.execute(premier.d.db);
      expect(parIndex[0]!.n).toBe(rows[0]!.n);

      // A second import: the store is no longer empty, its indexes stay as they are.
      const c = await importLheo(premier.ctx, systeme, Readable.from([xml]), { premierChargement: true });
      expect(c.formations.inchangees).toBe(60);
      expect(oids(await index(premier.d.db))).toEqual(o2);
    } finally {
      await garde.d.close();
      await premier.d.close();
    }
  }, 240_000);

  // PGlite has one connection: nobody else can hold a table there.
  it.skipIf(TEST_ENGINE !== 'postgres')(
    'a reader holding a table: the first load does not wait for it, it goes on as an ordinary import',
    async () => {
      const vide = await coteVide();
      const lecteur = new pg.Client({ connectionString: (vide.d as TestDatabase).url });
      await lecteur.connect();
      try {
        const avant = await index(vide.d.db);
        // A long report reading the sessions, its transaction open for the whole import.
        await lecteur.query('begin');
        await lecteur.query('select count(*) from session');
        const r = await importLheo(vide.ctx, systeme, Readable.from([xml]), { premierChargement: true });
        expect(r.formations.creees).toBe(60);
        await lecteur.query('commit');
        // Nothing dropped: every index is the one before the import.
        expect(await index(vide.d.db)).toEqual(avant);
      } finally {
        await lecteur.end();
        await vide.d.close();
      }
    },
    120_000,
  );

  it('an import refused halfway leaves the empty store and its indexes as they were', async () => {
    const vide = await coteVide();
    try {
      const avant = await index(vide.d.db);
      await expect(
        importLheo(vide.ctx, systeme, Readable.from([xml]), { maxFormations: 50, premierChargement: true }),
      ).rejects.toMatchObject({ code: 'LHEO_TROP_DE_FORMATIONS' });
      expect(await index(vide.d.db)).toEqual(avant);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from formation`.execute(vide.d.db);
      expect(rows[0]!.n).toBe(0);
    } finally {
      await vide.d.close();
    }
  }, 120_000);
});
