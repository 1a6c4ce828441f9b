import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { testDatabase } from '../helpers/db.ts';

describe('overlapping transactions lose no committed write', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
    await sql`create table t_counter (id int primary key, n int not null)`.execute(database.db);
    await sql`create table t_rows (k text primary key)`.execute(database.db);
    await sql`insert into t_counter values (1, 0)`.execute(database.db);
  });
  afterAll(() => database.close());

  it('keeps every row and increment of 40 interleaved transactions, and rolls back only the failed ones', async () => {
    const { db } = database;
    const work = Array.from({ length: 40 }, (_, i) =>
      db
        .transaction()
        .execute(async (trx) => {
          await sql`update t_counter set n = n + 1 where id = 1`.execute(trx);
          await new Promise((r) => setTimeout(r, (i * 7) % 5)); // let the others try to interleave
          await sql`insert into t_rows values (${`k${i}`})`.execute(trx);
          if (i % 10 === 9) throw new Error('rollback on purpose');
        })
        .then(
          () => 'ok',
          () => 'ko',
        ),
    );
    const outcomes = await Promise.all(work);
    const committed = outcomes.filter((o) => o === 'ok').length;
    expect(committed).toBe(36);
    const { rows: c } = await sql<{ n: number }>`select n from t_counter`.execute(db);
    const { rows: r } = await sql<{ count: number }>`select count(*)::int as count from t_rows`.execute(db);
    expect(c[0]!.n).toBe(36);
    expect(r[0]!.count).toBe(36);
    const { rows: ks } = await sql<{
      k: string;
    }>`select k from t_rows where k in ('k9','k19','k29','k39')`.execute(db);
    expect(ks).toEqual([]);
  });
});
