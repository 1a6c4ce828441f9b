import type { Command } from 'commander';
import type { AppContext } from '../../context.ts';
import { entier, port } from '../options.ts';
import { messageCommunesIntegrees, progress } from '../runtime.ts';

/** Size of the demo loaded by `npm start` on an empty database: enough to browse, fast to load. */
const DEMO_PAR_DEFAUT = 2000;

export function registerServe(program: Command) {
  program
    .command('serve')
    .description('démarre le site et l’API (migrations appliquées au démarrage)')
    .option('--port <n>', 'port HTTP (défaut : PORT ou 3000)', port)
    .option('--demo-if-empty', 'charge les données de démonstration si la base est vide')
    .option('--demo-formations <n>', 'taille de cette démonstration', entier(1), DEMO_PAR_DEFAUT)
    .option(
      '--sans-copie-de-lecture',
      'base embarquée (PGlite) : pendant un import, les pages attendent sa fin au lieu de lire une copie de la base d’avant l’import (économise la mémoire de la copie)',
    )
    .action(
      async (opts: {
        port?: number;
        demoIfEmpty?: boolean;
        demoFormations: number;
        sansCopieDeLecture?: boolean;
      }) => {
        const [
          { readConfig },
          { ensureCampagneCourante },
          { openDatabase },
          { migrate },
          { buildApp },
          demo,
        ] = await Promise.all([
          import('../../config.ts'),
          import('../../db/campagne.repository.ts'),
          import('../../db/database.ts'),
          import('../../db/migrate.ts'),
          import('../../http/app.ts'),
          import('../../services/demo.service.ts'),
        ]);
        const config = readConfig();
        const database = await openDatabase(
          config.databaseUrl
            ? { url: config.databaseUrl }
            : { dataDir: config.dataDir, snapshotReads: !opts.sansCopieDeLecture },
        );
        try {
          await migrate(database.db);
          const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
          await ensureCampagneCourante(ctx.db, ctx.now());
          if (opts.demoIfEmpty && (await demo.isEmpty(ctx))) {
            process.stderr.write(
              `Base vide : chargement de ${opts.demoFormations} formations de démonstration (voir « offre demo --help »)…\n`,
            );
            const bar = progress('Démonstration');
            const r = await demo.loadDemo(ctx, {
              formations: opts.demoFormations,
              seed: 42,
              onProgress: (_etape, done, total) => bar.tick(done, total),
            });
            bar.done(
              `Démonstration chargée : ${r.formations} formations, ${r.sessions} sessions, ${r.organismes} organismes.`,
            );
          }
          // A new install checks places from its first offer (the demo brings its own communes).
          const { ensureCommunesParDefaut } = await import('../../services/referentiel.service.ts');
          const communes = await ensureCommunesParDefaut(ctx);
          if (communes) process.stderr.write(`${messageCommunesIntegrees(communes)}\n`);
          const app = await buildApp(ctx, { logger: true });
          const { scheduleSauvegardes } = await import('../../db/sauvegarde.ts');
          const stopSauvegardes =
            database.dump && config.dumpEvery > 0
              ? scheduleSauvegardes(config.dataDir, database.dump, {
                  toutesLesMinutes: config.dumpEvery,
                  garder: config.dumpKeep,
                })
              : () => {};
          const { scheduleFichiersPartenaires } = await import('../../services/partenaires.scheduler.ts');
          const stopPartenaires = config.fichiersPartenaires ? scheduleFichiersPartenaires(ctx) : () => {};
          // Embedded database: CLI commands on this folder are run here, through <data>/offre.sock.
          const stopCommandes =
            database.engine === 'pglite' && !config.databaseUrl
              ? await (await import('../hote.ts')).ecouterCommandes(config.dataDir, ctx, database)
              : async () => {};
          const stop = async () => {
            await stopCommandes();
            stopPartenaires();
            stopSauvegardes();
            await app.close();
            await database.close();
            process.exit(0);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          await app.listen({ port: opts.port ?? config.port, host: '0.0.0.0' });
          // The port actually bound (--port 0 asks the system for a free one: tests do).
          const bound = (app.server.address() as { port: number }).port;
          process.stderr.write(`Offre écoute sur http://localhost:${bound} (base : ${database.engine}).\n`);
        } catch (e) {
          await database.close();
          throw e;
        }
      },
    );
}
