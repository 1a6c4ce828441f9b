import { sql } from 'kysely';
import type { Executor } from './executor.ts';

// FORM_DOUBLON's neighbours (services/conformite.service.ts): the formations whose stored failure
// names one of the formations being recomputed, and their row locks.

/**
 * The formations, other than `ids`, whose stored FORM_DOUBLON failure names one of `ids`
 * (`controle_echec.formation_liee`, migration 0980): each once, in id order. One indexed read.
 */
export async function formationsNommant(db: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    select distinct formation_id as id from controle_echec
    where formation_liee = any(${[...ids]}::text[]) and formation_id <> all(${[...ids]}::text[])
    order by 1`.execute(db);
  return rows.map((r) => r.id);
}

/**
 * Locks, in id order, those of `ids` that no other transaction holds (`for no key update skip
 * locked`) and returns them: a formation another writer holds is left to that writer, so two
 * writes of one duplicate group never wait on each other (no deadlock). Deleted rows are absent.
 */
export async function lockVoisines(trx: Executor, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    select id from formation where id = any(${[...ids]}::text[])
    order by id for no key update skip locked`.execute(trx);
  return rows.map((r) => r.id);
}
