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
// Counted on the connections below Kysely (withFaults) and on the connection of a read by COPY
// (copie.ts): the same wrapper (enveloppeFautes), so every statement of every service is seen.
//
// - OFFRE_FAULT_AFTER_N_STATEMENTS=N: kill after the Nth statement (N ≥ 1).
// - OFFRE_FAULT_COUNT_FILE=path: write the number of statements run to `path` at exit (the
//   fault suite counts an uninterrupted run first, then draws its kill points in that range).
// - OFFRE_FAULT_FAIL_STATEMENTS=regex: every statement whose SQL text matches fails instead of
//   running (a read the server could not answer), to check what the pages and the API say then.
// Without any of them the dialect is returned as it is: nothing is counted in production.

/** The fault settings read from the environment; null when fault injection is off. */
export function faultSettings(
  env: NodeJS.ProcessEnv = process.env,
): { after: number | null; countFile: string | null; fail: RegExp | null } | null {
  const raw = env.OFFRE_FAULT_AFTER_N_STATEMENTS;
  const countFile = env.OFFRE_FAULT_COUNT_FILE || null;
  const after = raw ? Number(raw) : null;
  if (after !== null && !(Number.isInteger(after) && after >= 1))
    throw new Error(
      `OFFRE_FAULT_AFTER_N_STATEMENTS = « ${raw} » : un nombre entier d’au moins 1 est attendu.`,
    );
  const motif = env.OFFRE_FAULT_FAIL_STATEMENTS || null;
  let fail: RegExp | null = null;
  try {
    fail = motif ? new RegExp(motif, 'i') : null;
  } catch {
    throw new Error(`OFFRE_FAULT_FAIL_STATEMENTS = « ${motif} » : une expression régulière est attendue.`);
  }
  return after === null && !countFile && !fail ? null : { after, countFile, fail };
}

// One count per process, whatever the number of pools (PostgreSQL has a main pool and a read
// pool: database.ts); the count file is written once, at exit, with the total.
let count = 0;
let fichierCompte: string | null = null;

/** What fault injection does to a connection: a connection that counts, kills and fails as asked. */
export type EnveloppeFautes = (inner: DatabaseConnection) => DatabaseConnection;

/**
 * The wrapper of every connection that runs statements (Kysely's driver, a read by COPY), or null
 * when fault injection is off: counts each statement answered (and kills the process at the Nth),
 * fails a statement whose text matches OFFRE_FAULT_FAIL_STATEMENTS.
 */
export function enveloppeFautes(env: NodeJS.ProcessEnv = process.env): EnveloppeFautes | null {
  const settings = faultSettings(env);
  if (!settings) return null;
  if (settings.countFile && fichierCompte === null) {
    const file = settings.countFile;
    fichierCompte = file;
    process.on('exit', () => writeFileSync(file, String(count)));
  }
  const counted = () => {
    count++;
    if (settings.after !== null && count >= settings.after) process.kill(process.pid, 'SIGKILL');
  };
  const failing = (q: CompiledQuery) => {
    if (settings.fail?.test(q.sql))
      throw new Error(`Panne injectée (OFFRE_FAULT_FAIL_STATEMENTS) : ${q.sql.slice(0, 80)}`);
  };
  return (inner) => ({
    async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
      failing(q);
      const r = await inner.executeQuery<R>(q);
      counted();
      return r;
    },
    async *streamQuery<R>(q: CompiledQuery, chunk?: number): AsyncIterableIterator<QueryResult<R>> {
      failing(q);
      for await (const r of inner.streamQuery<R>(q, chunk)) yield r;
      counted();
    },
  });
}

/**
 * `dialect`, or the same with every statement going through `fautes` (enveloppeFautes: counted,
 * the process killed, failed, as asked).
 */
export function withFaults(dialect: Dialect, fautes: EnveloppeFautes | null = enveloppeFautes()): Dialect {
  if (!fautes) return dialect;
  const wrap = fautes;
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
