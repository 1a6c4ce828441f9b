import type { Command } from 'commander';
import { readConfig } from '../../config.ts';
import type { AppContext } from '../../context.ts';
import { ensureCampagneCourante } from '../../db/campagne.repository.ts';
import { openDatabase } from '../../db/database.ts';
import { migrate } from '../../db/migrate.ts';
import { buildApp } from '../../http/app.ts';
import { isEmpty, loadDemo } from '../../services/demo.service.ts';
import { progress, UsageError } from '../runtime.ts';

/** Size of the demo loaded by `npm start` on an empty database: enough to browse, fast to load. */
const DEMO_PAR_DEFAUT = 2000;

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('démarre le site et l’API (migrations appliquées au démarrage)')
    .option('--port <n>', 'port HTTP (défaut : PORT ou 3000)')
    .option('--demo-if-empty', 'charge les données de démonstration si la base est vide')
    .option('--demo-formations <n>', 'taille de cette démonstration', String(DEMO_PAR_DEFAUT))
    .action(async (opts: { port?: string; demoIfEmpty?: boolean; demoFormations: string }) => {
      const config = readConfig();
      const port = Number(opts.port ?? config.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new UsageError(`--port attend un numéro de port (reçu « ${opts.port} »).`);
      const demoFormations = Number(opts.demoFormations);
      if (!Number.isInteger(demoFormations) || demoFormations < 1)
        throw new UsageError(`--demo-formations attend un entier positif (reçu « ${opts.demoFormations} »).`);
      const database = await openDatabase(
        config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
      );
      try {
        await migrate(database.db);
        const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
        await ensureCampagneCourante(ctx.db, ctx.now());
        if (opts.demoIfEmpty && (await isEmpty(ctx))) await chargerDemo(ctx, demoFormations);
        const app = await buildApp(ctx, { logger: true });
        const stop = async () => {
          await app.close();
          await database.close();
          process.exit(0);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        await app.listen({ port, host: '0.0.0.0' });
        // The port actually bound (--port 0 asks the system for a free one: tests do).
        const bound = (app.server.address() as { port: number }).port;
        process.stderr.write(`Offre écoute sur http://localhost:${bound} (base : ${database.engine}).\n`);
      } catch (e) {
        await database.close();
        throw e;
      }
    });
}

async function chargerDemo(ctx: AppContext, formations: number): Promise<void> {
  process.stderr.write(
    `Base vide : chargement de ${formations} formations de démonstration (voir « offre demo --help »)…\n`,
  );
  const bar = progress('Démonstration');
  const r = await loadDemo(ctx, {
    formations,
    seed: 42,
    onProgress: (_etape, done, total) => bar.tick(done, total),
  });
  bar.done(
    `Démonstration chargée : ${r.formations} formations, ${r.sessions} sessions, ${r.organismes} organismes.`,
  );
}
