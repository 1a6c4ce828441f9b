import { sql } from 'kysely';
import type { Executor } from './executor.ts';

/**
 * Runs `fn` inside the savepoint `name` (an SQL identifier) of the open transaction `trx`, and
 * returns what `fn` returns: the savepoint is released when `fn` resolves; when `fn` (or the
 * release) throws, the transaction is rolled back to it, it is released, and the error is
 * rethrown as is — what `fn` wrote is gone, what came before it stays. Both engines.
 */
export async function withSavepoint<T>(trx: Executor, name: string, fn: () => Promise<T>): Promise<T> {
  const id = sql.id(name);
  await sql`savepoint ${id}`.execute(trx);
  try {
    const result = await fn();
    await sql`release savepoint ${id}`.execute(trx);
    return result;
  } catch (e) {
    await sql`rollback to savepoint ${id}`.execute(trx);
    await sql`release savepoint ${id}`.execute(trx);
    throw e;
  }
}
