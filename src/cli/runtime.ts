import { readConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { type Database, openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { OffreError } from '../domain/errors.ts';

/** Thrown by a command for a usage or data error: exit code 1 with a French message. */
export class UsageError extends OffreError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/** Opens the configured database (DATABASE_URL or OFFRE_DATA_DIR), migrates it, runs `fn`, closes. */
export async function withContext<T>(fn: (ctx: AppContext, database: Database) => Promise<T>): Promise<T> {
  const config = readConfig();
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    await migrate(database.db);
    return await fn({ db: database.db, engine: database.engine, now: () => new Date() }, database);
  } finally {
    await database.close();
  }
}

/** Progress on stderr for anything longer than a second (never on stdout, which --json owns). */
export function progress(label: string) {
  const started = Date.now();
  let last = 0;
  return {
    tick(done: number, total?: number) {
      const now = Date.now();
      if (now - started < 1000 || now - last < 500 || !process.stderr.isTTY) return;
      last = now;
      process.stderr.write(`\r${label} : ${done}${total ? ` / ${total}` : ''}   `);
    },
    done(summary?: string) {
      if (process.stderr.isTTY && Date.now() - started >= 1000) process.stderr.write('\n');
      if (summary) process.stderr.write(`${summary}\n`);
    },
  };
}
