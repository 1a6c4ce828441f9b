import type { AppContext } from '../src/context.ts';
import { type Database, openDatabase } from '../src/db/database.ts';

// The opening of the measurement scripts that read one schema of the PostgreSQL test database:
// the schema from the first argument (usage printed and exit 2 without it), DATABASE_URL as in
// mesure-lectures.ts, and the context the services take.

/** The database of the schema named by the first argument, and its context; `args`: the arguments after it. */
export async function ouvrirSchema(
  usage: string,
  poolSize: number,
): Promise<{ d: Database; ctx: AppContext; args: readonly string[] }> {
  const [schema, ...args] = process.argv.slice(2);
  if (!schema) {
    process.stderr.write(`usage : ${usage}\n`);
    process.exit(2);
  }
  const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const d = await openDatabase({ url, schema, poolSize });
  const ctx: AppContext = {
    db: d.db,
    engine: d.engine,
    now: () => new Date(),
    ...(d.lecture ? { lecture: d.lecture } : {}),
  };
  return { d, ctx, args };
}
