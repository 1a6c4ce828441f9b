import type { Command } from 'commander';
import { readConfig } from '../../config.ts';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { buildApp } from '../../http/app.ts';

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('démarre le site et l’API (migrations appliquées au démarrage)')
    .option('--port <n>', 'port HTTP (défaut : PORT ou 3000)')
    .option('--demo-if-empty', 'charge les données de démonstration si la base est vide')
    .action(async (opts: { port?: string; demoIfEmpty?: boolean }) => {
      const config = readConfig();
      const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
      await migrate(database.db);
      const ctx = { db: database.db, engine: database.engine, now: () => new Date() };
      const app = await buildApp(ctx, { logger: true });
      const port = Number(opts.port ?? config.port);
      const stop = async () => {
        await app.close();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await app.listen({ port, host: '0.0.0.0' });
      process.stderr.write(`Offre écoute sur http://localhost:${port} (base : ${database.engine}).\n`);
    });
}
