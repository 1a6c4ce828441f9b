import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { longWrite } from '../../src/db/long-write.ts';
import { PGliteDialect, PGliteRouter } from '../../src/db/pglite.dialect.ts';
import { OffreError } from '../../src/domain/errors.ts';
import { TEST_ENGINE, testDatabase, testDataDir } from '../helpers/db.ts';

// The PGlite dialect's routing during a long write (issue 15, defect 7): the writer on the live
// instance, every other connection on a read-only copy of the state before, writes refused.

/** A promise and its resolver: the test decides when the long write goes on. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => {
    open = r;
  });
  return { p, open };
}

const count = async (db: Database['db']) =>
  (await sql<{ n: number }>`select count(*)::int as n from t_lw`.execute(db)).rows[0]!.n;

describe.skipIf(TEST_ENGINE !== 'pglite')('PGlite: reads during a long write', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase({ snapshotReads: true });
    await sql`create table t_lw (k text primary key)`.execute(database.db);
    await sql`insert into t_lw values ('avant')`.execute(database.db);
  });
  afterAll(() => database?.close());

  it('serves the state before to the others while the writer writes, the new state after', async () => {
    const { db } = database;
    const events: string[] = [];
    const written = gate();
    const resume = gate();
    const write = longWrite(db, () =>
      db.transaction().execute(async (trx) => {
        await sql`insert into t_lw values ('pendant')`.execute(trx);
        // The writer's own statements outside its transaction would go live too (its context).
        written.open();
        await resume.p;
        await sql`insert into t_lw values ('fin')`.execute(trx);
      }),
    ).then(() => events.push('écriture finie'));

    await written.p;
    // Without the copy, this read would wait for the transaction, which waits for this read.
    expect(await count(db)).toBe(1);
    events.push('lecture servie');
    // A read-only transaction is served from the copy too.
    expect(await db.transaction().execute((trx) => count(trx))).toBe(1);
    // A write from elsewhere: refused, nothing stored, with the French 503.
    const refus = await sql`insert into t_lw values ('autre')`.execute(db).catch((e) => e);
    expect(refus).toBeInstanceOf(OffreError);
    expect(refus).toMatchObject({ code: 'BASE_OCCUPEE', status: 503, details: { retry_after: 30 } });
    expect(refus.message).toMatch(/import est en cours/);
    const refusTx = await db
      .transaction()
      .execute((trx) => sql`update t_lw set k = 'x' where k = 'avant'`.execute(trx))
      .catch((e) => e);
    expect(refusTx).toMatchObject({ code: 'BASE_OCCUPEE' });

    resume.open();
    await write;
    expect(events).toEqual(['lecture servie', 'écriture finie']);
    expect(database.copyStats?.copies).toBe(1);
    // Back on the live base as soon as the long write has returned: its commit is seen.
    const { rows } = await sql<{ k: string }>`select k from t_lw order by k`.execute(db);
    expect(rows.map((r) => r.k)).toEqual(['avant', 'fin', 'pendant']);
    await sql`insert into t_lw values ('après')`.execute(db);
    expect(await count(db)).toBe(4);
  });

  it('rolls back a failed long write and serves the live base again', async () => {
    const { db } = database;
    const avant = await count(db);
    await expect(
      longWrite(db, () =>
        db.transaction().execute(async (trx) => {
          await sql`insert into t_lw values ('échec')`.execute(trx);
          throw new Error('panne voulue');
        }),
      ),
    ).rejects.toThrow('panne voulue');
    expect(await count(db)).toBe(avant);
    await sql`delete from t_lw where k = 'après'`.execute(db);
    expect(await count(db)).toBe(avant - 1);
  });

  it('keeps serving reads from the live base while the copy boots; writes are refused meanwhile', async () => {
    // Before: the live base was held from the dump until the copy answered (a new PGlite, seconds),
    // and every page waited that long at the start of each import.
    const live = await PGlite.create();
    const booting = gate();
    const ready = gate();
    const order: string[] = [];
    const router = new PGliteRouter(live, async (dump) => {
      booting.open();
      // Opened when the read below has answered; a later timer only breaks the old deadlock.
      const breaker = setTimeout(ready.open, 30_000);
      await ready.p;
      clearTimeout(breaker);
      order.push('copie prête');
      return PGlite.create({ loadDataDir: dump });
    });
    const db = new Kysely<never>({ dialect: new PGliteDialect(router) });
    try {
      await sql`create table t_lw3 (k text primary key)`.execute(db);
      await sql`insert into t_lw3 values ('avant')`.execute(db);
      const n = async () =>
        (await sql<{ n: number }>`select count(*)::int as n from t_lw3`.execute(db)).rows[0]!.n;
      const write = router.runLongWrite(() =>
        db.transaction().execute((trx) => sql`insert into t_lw3 values ('import')`.execute(trx)),
      );
      await booting.p;
      expect(await n()).toBe(1);
      order.push('lecture');
      const refus = await sql`insert into t_lw3 values ('autre')`.execute(db).catch((e) => e);
      expect(refus).toMatchObject({ code: 'BASE_OCCUPEE', status: 503 });
      ready.open();
      await write;
      expect(order).toEqual(['lecture', 'copie prête']);
      // The long write itself could write, and the live base is writable again after it.
      await sql`insert into t_lw3 values ('après')`.execute(db);
      expect(await n()).toBe(3);
    } finally {
      await db.destroy();
    }
  });

  it('lets the event loop turn between the long write’s statements: a timer, then a read of the copy, answered before its end', async () => {
    // PGlite answers in this thread: before, a long chain of statements (an import's diff and
    // re-check) never gave the event loop a turn, and every page waited for its end, copy or not.
    const { db } = database;
    await sql`create table t_lw4 (k int)`.execute(db);
    const order: string[] = [];
    const started = gate();
    const write = longWrite(db, () =>
      db.transaction().execute(async (trx) => {
        await sql`insert into t_lw4 values (0)`.execute(trx);
        started.open();
        for (let i = 1; i <= 300; i++) await sql`insert into t_lw4 values (${i})`.execute(trx);
      }),
    ).then(() => order.push('écriture finie'));
    await started.p;
    // A timer (an HTTP request is one too: a macrotask), then a read served by the copy.
    const lue = new Promise<void>((ok) => setTimeout(ok, 0))
      .then(() => sql<{ n: number }>`select count(*)::int as n from t_lw4`.execute(db))
      .then((r) => order.push(`lecture : ${r.rows[0]!.n}`));
    await Promise.all([write, lue]);
    expect(order).toEqual(['lecture : 0', 'écriture finie']);
    expect(
      await sql<{ n: number }>`select count(*)::int as n from t_lw4`.execute(db).then((r) => r.rows[0]!.n),
    ).toBe(301);
  });

  it('copies a base in a folder file by file beside it, removed after the long write (and at the next opening if left)', async () => {
    const dir = await testDataDir('offre-lw-');
    // A copy a killed process left behind: removed when the base opens.
    mkdirSync(join(dir, 'copie-lecture-oubliee'));
    const d = await openDatabase({ dataDir: dir, snapshotReads: true });
    const copies = () => readdirSync(dir).filter((n) => n.startsWith('copie-lecture-'));
    try {
      expect(copies()).toEqual([]);
      await sql`create table t_lw5 (k text)`.execute(d.db);
      const written = gate();
      const resume = gate();
      const write = longWrite(d.db, () =>
        d.db.transaction().execute(async (trx) => {
          await sql`insert into t_lw5 values ('import')`.execute(trx);
          written.open();
          await resume.p;
        }),
      );
      await written.p;
      expect(copies()).toHaveLength(1);
      const n = await sql<{ n: number }>`select count(*)::int as n from t_lw5`.execute(d.db);
      expect(n.rows[0]!.n).toBe(0);
      resume.open();
      await write;
      expect(copies()).toEqual([]);
      expect(d.copyStats).toMatchObject({ copies: 1 });
      expect(d.copyStats!.lastBytes).toBeGreaterThan(1_000_000);
      const apres = await sql<{ n: number }>`select count(*)::int as n from t_lw5`.execute(d.db);
      expect(apres.rows[0]!.n).toBe(1);
    } finally {
      await d.close();
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without snapshot reads, a long write is a plain transaction (the others wait)', async () => {
    const plain = await testDatabase();
    try {
      const order: string[] = [];
      await sql`create table t_lw2 (k int)`.execute(plain.db);
      const written = gate();
      const resume = gate();
      const write = longWrite(plain.db, () =>
        plain.db.transaction().execute(async (trx) => {
          await sql`insert into t_lw2 values (1)`.execute(trx);
          written.open();
          await resume.p;
        }),
      ).then(() => order.push('écriture'));
      await written.p;
      const read = sql<{ n: number }>`select count(*)::int as n from t_lw2`.execute(plain.db).then((r) => {
        order.push('lecture');
        return r.rows[0]!.n;
      });
      resume.open();
      // The read queued behind the transaction: it sees the commit, and comes after.
      expect(await read).toBe(1);
      await write;
      expect(order).toEqual(['écriture', 'lecture']);
    } finally {
      await plain.close();
    }
  });
});
