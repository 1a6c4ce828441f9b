import type { Executor } from '../db/executor.ts';

// Conformity recomputation entry points. Every formation write calls recomputeFormations in its
// own transaction; reference imports call it with their impact report. (Owned by the conformity
// engine work; until the rules land, this computes nothing.)
export async function recomputeFormations(_trx: Executor, _ids: readonly string[], _now: Date): Promise<void> {}
