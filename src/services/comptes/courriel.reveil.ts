import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { DB } from '../../db/schema.ts';

// The senders running in this process, by database handle (a WeakMap: per base, never global
// state across test files). A service wakes them once its transaction has committed, so that a
// message leaves at once instead of at the next look.

const senders = new WeakMap<Kysely<DB>, Set<() => void>>();

/** Registers a sender's wake-up for `ctx`'s database; returns what unregisters it. */
export function inscrireEnvoi(ctx: AppContext, reveiller: () => void): () => void {
  const set = senders.get(ctx.db) ?? new Set();
  senders.set(ctx.db, set);
  set.add(reveiller);
  return () => set.delete(reveiller);
}

/** Wakes this process's senders on `ctx`'s database (none: the messages wait for a sender's next look). */
export function reveillerEnvoi(ctx: AppContext): void {
  for (const r of senders.get(ctx.db) ?? []) r();
}
