import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// An import recomputes its formations in rounds of 250 (withDeferredRecompute) and stores their
// API documents (services/formation-document.ts) in each round. The first round used to take the
// whole queue of the transaction — every formation written — and build all their documents, which
// each later round's conformity update then deleted and built again: 2 N − 250 documents for N
// formations. Each is now built once.

const systeme = SYSTEME('test-documents');
const N = 320; // more than one round of 250

let source: TestDatabase;
let cible: TestDatabase;
let xml = '';

const contexte = (d: TestDatabase): AppContext => {
  let clock = Date.UTC(2026, 0, 15);
  return { db: d.db, engine: d.engine, now: () => new Date(clock++) };
};

beforeAll(async () => {
  source = await testDatabase();
  await loadDemo(contexte(source), { formations: N, seed: 5, chunk: 160 });
  const exp = await openLheoExport(source.db, systeme, {}, new Date());
  const parts: string[] = [];
  for await (const c of exp.chunks) parts.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
  xml = parts.join('');
  cible = await testDatabase();
}, 180_000);
afterAll(async () => {
  await source?.close();
  await cible?.close();
});

describe('import LHEO : documents stockés', () => {
  it('builds each formation’s document once, not once more per later recompute round', async () => {
    // Counts the rows written to formation_document (inserted or replaced).
    await sql`
      create table compte_documents (n int not null);
      insert into compte_documents values (0);
      create function compter_documents() returns trigger language plpgsql as $$
      begin
        update compte_documents set n = n + 1;
        return null;
      end $$;
      create trigger compter_documents after insert or update on formation_document
        for each row execute function compter_documents();
    `.execute(cible.db);
    const r = await importLheo(contexte(cible), systeme, Readable.from([xml]));
    expect(r.formations.creees).toBe(N);
    const { rows } = await sql<{ ecrits: number; stockes: number }>`select
      (select n from compte_documents) as ecrits,
      (select count(*)::int from formation_document) as stockes`.execute(cible.db);
    expect(rows[0]).toEqual({ ecrits: N, stockes: N });
  }, 180_000);
});
