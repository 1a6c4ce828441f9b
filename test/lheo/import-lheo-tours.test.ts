import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { recomputeFormations } from '../../src/services/conformite.service.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { refreshDocuments } from '../../src/services/formation-document.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { contenu, differences } from '../faults/moteur.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';
import { compterLignes } from '../helpers/lignes.ts';

// The end of a bulk import is pipelined (conformite.service.ts recomputeEnTours): the server writes
// a round of 250 formations (conformity, documents, search index) while Node evaluates the next,
// whose reads go before this round's documents and index. What it stores is what computing
// everything again, one formation set at a time, gives; and a statement that fails in a round in
// flight fails the import with its own error, nothing stored.

const systeme = SYSTEME('test-tours');
const N = 560; // three rounds of 250
const DOUBLES = 3; // copies of the first formations, at the end of the file: FORM_DOUBLON across rounds

let source: TestDatabase;
let xml = '';
const cibles: TestDatabase[] = [];

const contexte = (d: TestDatabase): AppContext => {
  const clock = Date.UTC(2026, 0, 15);
  return { db: d.db, engine: d.engine, now: () => new Date(clock) };
};
const cible = async () => {
  const d = await testDatabase();
  cibles.push(d);
  return d;
};

beforeAll(async () => {
  source = await testDatabase();
  await loadDemo(contexte(source), { formations: N, seed: 7, chunk: 280 });
  const exp = await openLheoExport(source.db, systeme, {}, new Date());
  const parts: string[] = [];
  for await (const c of exp.chunks) parts.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
  xml = parts.join('');
  // The first formations again under another number, after the last one.
  const copies = [...xml.matchAll(/<formation numero="[^"]*"[\s\S]*?<\/formation>/g)]
    .slice(0, DOUBLES)
    .map((m) => m[0].replace(/<formation numero="([^"]*)"/, '<formation numero="$1-copie"'));
  const fin = xml.lastIndexOf('</formation>') + '</formation>'.length;
  xml = xml.slice(0, fin) + copies.join('') + xml.slice(fin);
}, 240_000);
afterAll(async () => {
  await source?.close();
  for (const d of cibles) await d.close();
});

describe('import LHEO : fin de l’import en parallèle', () => {
  it('stores what a full recomputation gives: failures, verdicts, states, documents, search index', async () => {
    const d = await cible();
    const r = await importLheo(contexte(d), systeme, Readable.from([xml]));
    expect(r.formations.creees).toBe(N + DOUBLES);
    // Each copy and its original (round 1 and round 3) name each other.
    const { rows: doublons } = await sql<{ n: number }>`select count(*)::int as n from controle_echec
      where code = 'FORM_DOUBLON' and formation_liee is not null`.execute(d.db);
    expect(doublons[0]!.n).toBeGreaterThanOrEqual(2 * DOUBLES);
    const apresImport = await contenu(d.db);
    // Everything computed again, with nothing in flight: conformity, then documents, then index.
    const { rows } = await sql<{ id: string }>`select id from formation order by id`.execute(d.db);
    const ids = rows.map((x) => x.id);
    await d.db.transaction().execute(async (trx) => {
      await recomputeFormations(trx, ids, contexte(d).now(), { voisines: false });
      await sql`delete from formation_document`.execute(trx);
      await refreshDocuments(trx, ids);
      await sql`select recherche_indexer(array(select id from formation))`.execute(trx);
    });
    expect(differences(await contenu(d.db), apresImport, 5)).toEqual([]);
  }, 240_000);

  it('a statement failing in the round in flight fails the import with its error, nothing stored', async () => {
    const d = await cible();
    // The search index of the first round fails while Node evaluates the second one, whose next
    // statement then finds the transaction aborted.
    await sql`
      create function panne_index() returns trigger language plpgsql as $$
      begin
        raise exception 'panne de l’index';
      end $$;
      create trigger panne_index before insert on formation_recherche
        for each row execute function panne_index();
    `.execute(d.db);
    await expect(importLheo(contexte(d), systeme, Readable.from([xml]))).rejects.toThrow(/panne de l’index/);
    const { rows } = await sql<{ f: number; e: number }>`select
      (select count(*)::int from formation) as f, (select count(*)::int from controle_echec) as e`.execute(
      d.db,
    );
    expect(rows[0]).toEqual({ f: 0, e: 0 });
    // The same in a round's conformity writes (the second round's, after the first one's documents).
    await sql`
      drop trigger panne_index on formation_recherche;
      create function panne_conformite() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from formation_document) then raise exception 'panne de conformité'; end if;
        return new;
      end $$;
      create trigger panne_conformite before insert on controle_echec
        for each row execute function panne_conformite();
    `.execute(d.db);
    await expect(importLheo(contexte(d), systeme, Readable.from([xml]))).rejects.toThrow(
      /panne de conformité/,
    );
    expect(await compterLignes(d.db, 'formation')).toBe(0);
  }, 240_000);
});
