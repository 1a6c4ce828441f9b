import { sql } from 'kysely';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { testDatabase } from './db.ts';

/**
 * The change feed in seq order, one line an event (`seq action name diffusee`), each formation
 * named by its external key or, without one (a demo formation), its id: what the write-path
 * equivalence tests compare between two databases.
 */
export async function fluxEnOrdre(db: Database['db']): Promise<string[]> {
  const { rows } = await sql<{ seq: string; action: string; nom: string; diffusee: boolean | null }>`
    select e.seq, e.action, e.diffusee, coalesce(f.cle_externe, f.id) as nom
    from change_event e left join formation f on f.id = e.entite_id order by e.seq`.execute(db);
  return rows.map((r) => `${r.seq} ${r.action} ${r.nom} ${r.diffusee}`);
}

/**
 * The history's origins written from now on (migration 0990): call it before a write, then the
 * function it returns after, which gives the distinct `origine` of the entries written meanwhile.
 */
export async function originesEcrites(db: Database['db']): Promise<() => Promise<(string | null)[]>> {
  const { rows } = await sql<{ n: string | null }>`select max(id) as n from historique`.execute(db);
  const depuis = Number(rows[0]?.n ?? 0);
  return async () =>
    (
      await sql<{ origine: string | null }>`
        select distinct origine from historique where id > ${depuis} order by origine`.execute(db)
    ).rows.map((r) => r.origine);
}

/** One side of a write-path equivalence test: a test database and its context. */
export interface Cote {
  d: Database;
  ctx: AppContext;
}

/**
 * A side holding the same 60-formation demo as the other (seed 11), with a clock that advances by
 * one millisecond at each `now()`: the two sides of an equivalence test start from equal bases.
 */
export async function coteDemo(): Promise<Cote> {
  const d = await testDatabase();
  let clock = Date.UTC(2026, 0, 15);
  const ctx: AppContext = { db: d.db, engine: d.engine, now: () => new Date(clock++) };
  await loadDemo(ctx, { formations: 60, seed: 11, chunk: 30 });
  return { d, ctx };
}
