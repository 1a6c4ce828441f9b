import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { OffreError } from '../domain/errors.ts';
import { commandeHebergee } from './hote.context.ts';

export { progress } from './progress.ts';

/** What a first start says after loading the built-in communes (`ensureCommunesParDefaut`). */
export function messageCommunesIntegrees(r: { fichier: string; lignes: { gardees: number } }): string {
  return `Communes : liste intégrée chargée (${r.fichier}, ${r.lignes.gardees} communes et communes déléguées) ; « offre referentiel import communes <fichier> » la complète de coordonnées.`;
}

/** Thrown by a command for a usage or data error: exit code 1 with a French message. */
export class UsageError extends OffreError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/**
 * Opens the configured database (DATABASE_URL or OFFRE_DATA_DIR), migrates it, runs `fn`, closes;
 * in a command hosted by `offre serve` (embedded database held by the server), uses the server's.
 * The database modules are loaded here, not at start: `offre --help` never pays for them.
 */
export async function withContext<T>(fn: (ctx: AppContext, database: Database) => Promise<T>): Promise<T> {
  // Run by `offre serve` for a CLI (hote.ts): its database is already open and migrated.
  const hote = commandeHebergee();
  if (hote) return fn(hote.ctx, hote.database);
  const [{ readConfig }, { openDatabase }, { migrate }] = await Promise.all([
    import('../config.ts'),
    import('../db/database.ts'),
    import('../db/migrate.ts'),
  ]);
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
