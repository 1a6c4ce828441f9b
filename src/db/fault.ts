import { writeFileSync } from 'node:fs';
import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryResult,
  TransactionSettings,
} from 'kysely';

// Fault injection for the crash tests (test/faults/): a real SIGKILL of this process right after
// the Nth statement the database answered — begin, commit and rollback included, so that a kill
// can land inside a transaction, between its last write and its commit, or just after a commit.
// Counted below Kysely, on the driver's connections: every query of every service is seen.
//
// - OFFRE_FAULT_AFTER_N_STATEMENTS=N: kill after the Nth statement (N ≥ 1).
// - OFFRE_FAULT_COUNT_FILE=path: write the number of statements run to `path` at exit (the
//   fault suite counts an uninterrupted run first, then draws its kill points in that range).
// Without either variable the dialect is returned as it is: nothing is counted in production.

/** The fault settings read from the environment; null when fault injection is off. */
export function faultSettings(
  env: NodeJS.ProcessEnv = process.env,
): { after: number | null; countFile: string | null } | null {
  const raw = env.OFFRE_FAULT_AFTER_N_STATEMENTS;
  const countFile = env.OFFRE_FAULT_COUNT_FILE || null;
  const after = raw ? Number(raw) : null;
  if (after !== null && !(Number.isInteger(after) && after >= 1))
    throw new Error(
      `OFFRE_FAULT_AFTER_N_STATEMENTS = « ${raw} » : un nombre entier d’au moins 1 est attendu.`,
    );
  return after === null && !countFile ? null : { after, countFile };
}

// One count per process, whatever the number of pools (PostgreSQL has a main pool and a read
// pool: database.ts); the count file is written once, at exit, with the total.
let count = 0;
let fichierCompte: string | null = null;

/** `dialect`, or the same with every statement counted (and the process killed) when asked. */
export function withFaults(dialect: Dialect, env: NodeJS.ProcessEnv = process.env): Dialect {
  const settings = faultSettings(env);
  if (!settings) return dialect;
  if (settings.countFile && fichierCompte === null) {
    const file = settings.countFile;
    fichierCompte = file;
    process.on('exit', () => writeFileSync(file, String(count)));
  }
  const counted = () => {
    count++;
    if (settings.after !== null && count >= settings.after) process.kill(process.pid, 'SIGKILL');
  };
  const wrap = (inner: DatabaseConnection): DatabaseConnection => ({
    async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
      const r = await inner.executeQuery<R>(q);
      counted();
      return r;
    },
    async *streamQuery<R>(q: CompiledQuery, chunk?: number): AsyncIterableIterator<QueryResult<R>> {
      for await (const r of inner.streamQuery<R>(q, chunk)) yield r;
      counted();
    },
  });
  const inners = new WeakMap<DatabaseConnection, DatabaseConnection>();
  const unwrap = (c: DatabaseConnection) => inners.get(c) ?? c;
  const createDriver = (): Driver => {
    const d = dialect.createDriver();
    return {
      init: () => d.init(),
      acquireConnection: async () => {
        const inner = await d.acquireConnection();
        const outer = wrap(inner);
        inners.set(outer, inner);
        return outer;
      },
      // The transaction statements go through the wrapper: counted like any other.
      beginTransaction: (c, s: TransactionSettings) => d.beginTransaction(c, s),
      commitTransaction: (c) => d.commitTransaction(c),
      rollbackTransaction: (c) => d.rollbackTransaction(c),
      ...(d.savepoint ? { savepoint: d.savepoint.bind(d) } : {}),
      ...(d.rollbackToSavepoint ? { rollbackToSavepoint: d.rollbackToSavepoint.bind(d) } : {}),
      ...(d.releaseSavepoint ? { releaseSavepoint: d.releaseSavepoint.bind(d) } : {}),
      releaseConnection: (c) => d.releaseConnection(unwrap(c)),
      destroy: () => d.destroy(),
    };
  };
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver,
    createIntrospector: (db) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}
