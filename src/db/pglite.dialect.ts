import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { laisserVoirAnnulation, refuserSiAnnulee } from './annulation.ts';
import { type LongWriteHost, occupee } from './long-write.ts';

/**
 * Kysely dialect for PGlite that serialises access to its single connection.
 * Why: PGlite has one session; interleaving two transactions on it (as `kysely-pglite`
 * does) mixes their statements and loses committed writes. Here a connection is
 * held exclusively from acquire to release, so a transaction owns PGlite until it ends.
 */
export class PGliteDialect implements Dialect {
  readonly router: PGliteRouter;
  constructor(client: PGlite | PGliteRouter) {
    this.router = client instanceof PGliteRouter ? client : new PGliteRouter(client);
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.router);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

/** A FIFO mutex: each waiter gets the lock in arrival order. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();
  lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => {
      release = r;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => next);
    return previous.then(() => release);
  }
}

/** A read-only copy of the live base, served while a long write runs. */
interface Snapshot {
  readonly client: PGlite;
  readonly mutex: Mutex;
  closed: boolean;
  /** Removes what the copy left behind (its files), once closed. */
  readonly discard: () => Promise<void>;
}

/** The state of the live base captured for a copy: its size, and how to open it. */
export interface Capture {
  readonly bytes: number;
  open(): Promise<PGlite>;
  /** Removes the captured state (after the copy is closed, or when it could not open). */
  discard(): Promise<void>;
}

/**
 * How a read copy is made: `capture` runs with the live instance to itself, after a checkpoint
 * (no statement runs meanwhile); `open` after, while the others read the live instance.
 */
export interface CopyMaker {
  capture(live: PGlite): Promise<Capture>;
}

/** A copy from `dumpDataDir` (a tarball in memory) opened by `open`: the in-memory bases' way. */
export const copyFromDump = (open: (dump: Blob) => Promise<PGlite>): CopyMaker => ({
  async capture(live) {
    const dump = await live.dumpDataDir('none');
    return { bytes: dump.size, open: () => open(dump), discard: async () => {} };
  },
});

/**
 * Where each connection of the PGlite dialect goes (issue 15, defect 7). Normally: the live
 * instance, one transaction at a time. During a long write (`runLongWrite`, when a snapshot opener
 * is given): the long write's own statements (recognised by their async context) go to the live
 * instance; every other connection goes to a read-only copy of the base taken just before the
 * long write began (dumpDataDir → a new in-memory PGlite), where reads answer and any write fails
 * with `occupee()` (503 BASE_OCCUPEE); while that copy boots, they read the live instance, made
 * read-only meanwhile (writes: the same 503). When the long write ends, the live instance serves
 * everyone again before the long write's caller gets its result: its own user never reads the
 * copy after its commit. Costs: the copy's memory (the size of the base) and the time of the
 * checkpoint and the dump (reads wait during them, as for a transaction).
 */
export class PGliteRouter implements LongWriteHost {
  readonly mutex = new Mutex();
  readonly #longWrites = new Mutex();
  readonly #writer = new AsyncLocalStorage<true>();
  #snapshot: Snapshot | null = null;
  /** While the copy boots: the live instance serves reads only (see #openSnapshot). */
  #liveReadOnly = false;
  /** Long writes run with a copy, and the last copy's wall time (ms) and dump size (bytes). */
  readonly stats = { copies: 0, lastMs: 0, lastBytes: 0 };
  /** Scratch copies made (withScratch), and the last one's capture and opening time (ms) and size (bytes). */
  readonly scratchStats = { copies: 0, lastMs: 0, lastBytes: 0 };

  /**
   * @param client the live instance.
   * @param makeCopy makes a read-only instance of the live one's state (a function: from a dump of
   *   it, see copyFromDump; absent: no copy,
   *   long writes make every other connection wait, as any transaction does).
   */
  readonly #makeCopy: CopyMaker | undefined;
  /** Every connection yields to the event loop after each statement (a scratch copy's, withScratch). */
  readonly #yields: boolean;
  /** destroy() leaves the live instance open (an instance that outlives this router: wrapPglite). */
  readonly #keepOpen: boolean;
  /** Set by destroy(): no connection is handed out any more. */
  #destroyed = false;
  constructor(
    readonly client: PGlite,
    makeCopy?: CopyMaker | ((dump: Blob) => Promise<PGlite>),
    opts: { yields?: boolean; keepOpen?: boolean } = {},
  ) {
    // A function of the dump: a copy from a dump.
    this.#makeCopy = typeof makeCopy === 'function' ? copyFromDump(makeCopy) : makeCopy;
    this.#yields = opts.yields ?? false;
    this.#keepOpen = opts.keepOpen ?? false;
  }

  #refuserSiDetruit() {
    if (this.#destroyed) throw new Error('PGlite : base fermée.');
  }

  /** True while a copy serves the other connections. */
  get copying(): boolean {
    return this.#snapshot !== null;
  }

  /** Runs `fn` with the live instance to itself, between transactions (dumps). */
  async exclusive<T>(fn: (client: PGlite) => Promise<T>): Promise<T> {
    const release = await this.mutex.lock();
    try {
      this.#refuserSiDetruit();
      return await fn(this.client);
    } finally {
      release();
    }
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    return this.runLongWrite(fn);
  }

  /**
   * Runs `fn` on a scratch copy of the live base, a PGlite instance of its own, closed and removed
   * once `fn` ends (db/brouillon.ts: a preview's trial writes, rolled back). The live instance is
   * held only for a checkpoint and the capture (a folder's: its files copied by the system, off
   * the event loop; in memory: a dump); the copy opens while the others use the live base, which
   * stays writable throughout: nothing waits for `fn`, nothing is refused. Throws without a copy
   * maker (PGlite opened without snapshot reads), or when the copy cannot be made or opened.
   */
  async withScratch<T>(fn: (copy: PGlite) => Promise<T>): Promise<T> {
    if (!this.#makeCopy) throw new Error('PGlite sans copie : pas de base de brouillon.');
    const started = performance.now();
    const release = await this.mutex.lock();
    let capture: Capture;
    try {
      this.#refuserSiDetruit();
      await this.client.exec('checkpoint');
      capture = await this.#makeCopy.capture(this.client);
    } finally {
      release();
    }
    try {
      const copy = await capture.open();
      Object.assign(this.scratchStats, {
        copies: this.scratchStats.copies + 1,
        lastMs: performance.now() - started,
        lastBytes: capture.bytes,
      });
      try {
        return await fn(copy);
      } finally {
        if (!copy.closed) await copy.close();
      }
    } finally {
      await capture
        .discard()
        .catch((e: Error) => process.emitWarning(`base de brouillon PGlite non supprimée : ${e.message}`));
    }
  }

  /** See the class: `fn` writes on the live instance while the others read a copy. */
  async runLongWrite<T>(fn: () => Promise<T>): Promise<T> {
    if (!this.#makeCopy || this.#writer.getStore()) return fn();
    const releaseLongWrites = await this.#longWrites.lock();
    try {
      await this.#openSnapshot();
      try {
        return await this.#writer.run(true, fn);
      } finally {
        await this.#dropSnapshot();
      }
    } finally {
      releaseLongWrites();
    }
  }

  /** `fn` after the long write running (the long writes' lock), no copy; inside one: `fn()`. */
  async between<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#writer.getStore()) return fn();
    const release = await this.#longWrites.lock();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /**
   * Makes the read copy. The live instance is held only for the checkpoint and the dump; while
   * the copy boots (seconds: a new PGlite instance, most of the cost), the others keep reading the
   * live instance, made read-only meanwhile (their writes: `occupee()`), so that the copy holds
   * every commit. Before, the reads waited for the whole copy (18 s for a 61 MB base under load).
   */
  async #openSnapshot() {
    const started = performance.now();
    let capture: Capture;
    const release = await this.mutex.lock();
    try {
      // A checkpoint first: the copy opens without replaying the write-ahead log.
      await this.client.exec('checkpoint');
      capture = await this.#makeCopy!.capture(this.client);
      await this.client.exec('set default_transaction_read_only = on');
      this.#liveReadOnly = true;
    } catch (e) {
      process.emitWarning(`copie de lecture PGlite impossible : ${(e as Error).message}`);
      return;
    } finally {
      release();
    }
    try {
      const copy = await capture.open();
      await copy.exec('set default_transaction_read_only = on');
      this.#snapshot = { client: copy, mutex: new Mutex(), closed: false, discard: () => capture.discard() };
      Object.assign(this.stats, {
        copies: this.stats.copies + 1,
        lastMs: performance.now() - started,
        lastBytes: capture.bytes,
      });
    } catch (e) {
      await capture.discard().catch(() => {});
      // No copy (memory): the long write runs anyway, the others wait for it as before.
      process.emitWarning(`copie de lecture PGlite impossible : ${(e as Error).message}`);
    } finally {
      // The readers still on the live instance end first; then the long write may write.
      const back = await this.mutex.lock();
      try {
        await this.client.exec('set default_transaction_read_only = off');
        this.#liveReadOnly = false;
      } finally {
        back();
      }
    }
  }

  async #dropSnapshot() {
    const s = this.#snapshot;
    this.#snapshot = null;
    if (!s) return;
    const release = await s.mutex.lock(); // the readers already on the copy end first
    try {
      s.closed = true;
      await s.client.close();
      await s
        .discard()
        .catch((e: Error) => process.emitWarning(`copie de lecture PGlite non supprimée : ${e.message}`));
    } finally {
      release();
    }
  }

  /** A connection for the caller's context: see the class. */
  async acquire(): Promise<PGliteConnection> {
    const writer = this.#writer.getStore() === true;
    for (;;) {
      if (!writer && this.#snapshot) {
        const s = this.#snapshot;
        const release = await s.mutex.lock();
        if (!s.closed) return new PGliteConnection(s.client, release, true);
        release();
        continue;
      }
      const release = await this.mutex.lock();
      if (this.#destroyed) {
        release();
        this.#refuserSiDetruit();
      }
      // Queued before a long write began, served after: the copy, like everyone else.
      if (!writer && this.#snapshot) {
        release();
        continue;
      }
      // The long write, while the copy serves the others, yields to the event loop after each of
      // its statements: PGlite answers in the same thread, so a chain of statements would else hold
      // every other request (and the copy's answers) until its end.
      return new PGliteConnection(
        this.client,
        release,
        this.#liveReadOnly,
        this.#yields || (writer && this.#snapshot !== null),
      );
    }
  }

  async destroy() {
    this.#destroyed = true;
    await this.#dropSnapshot();
    if (!this.#keepOpen) {
      if (!this.client.closed) await this.client.close();
      return;
    }
    // The instance outlives this router: the statement running (a transaction) ends first, later
    // ones are refused above.
    const release = await this.mutex.lock();
    release();
  }
}

class PGliteDriver implements Driver {
  constructor(private readonly router: PGliteRouter) {}
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.router.acquire();
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    const iso = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await conn.executeQuery(CompiledQuery.raw(`begin${iso}`));
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(conn: DatabaseConnection) {
    (conn as PGliteConnection).release();
  }
  async destroy() {
    await this.router.destroy();
  }
}

/** SQLSTATE of a write attempted in a read-only transaction. */
const READ_ONLY = '25006';

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly client: PGlite,
    readonly release: () => void,
    /** On the read-only copy (or the live instance while it boots): a write is refused as `occupee()`. */
    readonly copy: boolean,
    /** The long write's connection while a copy serves the others: yields after each statement. */
    readonly yields = false,
  ) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    await laisserVoirAnnulation();
    refuserSiAnnulee(compiled.sql);
    if (this.yields) {
      const r = await this.#execute<R>(compiled);
      await new Promise<void>((ok) => setImmediate(ok));
      return r;
    }
    if (!this.copy) return this.#execute(compiled);
    try {
      return await this.#execute<R>(compiled);
    } catch (e) {
      if ((e as { code?: string }).code === READ_ONLY) throw occupee();
      throw e;
    }
  }
  async #execute<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    if (compiled.parameters.length === 0 && compiled.query.kind === 'RawNode' && compiled.sql.includes(';')) {
      // Several statements (migrations): only the simple protocol accepts them.
      const results = await this.client.exec(compiled.sql);
      return { rows: (results.at(-1)?.rows ?? []) as R[] };
    }
    const res = await this.client.query<R>(compiled.sql, compiled.parameters as unknown[]);
    const kind = compiled.query.kind;
    const write = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode';
    return {
      rows: res.rows,
      ...(write ? { numAffectedRows: BigInt(res.affectedRows ?? 0) } : {}),
    };
  }
  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    // PGlite has no server-side cursor through this API: read, then hand out in chunks.
    const { rows } = await this.executeQuery<R>(compiled);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}
