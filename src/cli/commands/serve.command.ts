import cluster from 'node:cluster';
import type { Command } from 'commander';
import type { AppContext } from '../../context.ts';
import { journaliserIncidentsBase } from '../../db/injoignable.ts';
import { ancienNom, entier, port } from '../options.ts';
import type { Cli } from '../program.ts';
import {
  annonceCommunesIntegrees,
  annoncerPremiereOuverture,
  messageCommunesIntegrees,
  UsageError,
} from '../runtime.ts';

/**
 * The longest a SIGTERM / SIGINT stop may take: a hosted command is waited for at most
 * DELAI_ANNULATION_MS (hote.ts), the pages' requests a few seconds; past this, the process exits.
 */
const ARRET_MAX_MS = 15_000;

/** The primary's JSON log of --workers (serveWorkers): the workers' level, on standard output like theirs. */
const optionsJournalPrimaire = { level: 'info' } as const;

/** Size of the demo loaded by `npm start` on an empty database: enough to browse, fast to load. */
const DEMO_PAR_DEFAUT = 2000;

/**
 * The address `offre serve` listens on: `demande` (--host, OFFRE_HOST) when given; else 127.0.0.1
 * on the embedded database — `npm start` on a laptop (demo data, development) is reachable from
 * that machine only, as « http://localhost:3000 » says (fresh user, 05/12: it listened on every
 * interface) — and every interface on PostgreSQL, the production engine (docs/exploitation.md),
 * whose deployments (containers, a proxy on another machine) rely on it.
 */
export function hoteEcoute(demande: string | undefined, engine: 'pglite' | 'postgres'): string {
  return demande ?? (engine === 'pglite' ? '127.0.0.1' : '0.0.0.0');
}

/**
 * Whether `offre serve` writes its JSON request log (pino, standard output): always with
 * OFFRE_JOURNAL=json, never with `non`; else only when standard output is not a terminal (a
 * service manager, a redirection, a container: what operators collect). On a terminal, `npm start`
 * shows only its French lines (fresh user, 06/12: one English JSON line per request).
 */
export function journalJson(reglage: 'json' | 'non' | undefined, terminal: boolean): boolean {
  return reglage === 'json' || (reglage === undefined && !terminal);
}

/** Fastify's « Server listening at <address> » line of the JSON log, in French. */
export const texteEcouteJournal = (adresse: string) => `Offre écoute sur ${adresse}`;

/** The line said once listening: the local address, and who else can reach it. */
export function messageEcoute(host: string, port: number, engine: 'pglite' | 'postgres'): string {
  const local = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  const tout = host === '0.0.0.0' || host === '::';
  const portee = local
    ? 'depuis cette machine seulement ; --host 0.0.0.0 ou OFFRE_HOST=0.0.0.0 pour les autres'
    : tout
      ? 'sur toutes les interfaces réseau ; --host 127.0.0.1 ou OFFRE_HOST=127.0.0.1 pour cette machine seulement'
      : `sur l’adresse ${host}`;
  return `Offre écoute sur ${urlEcoute(host, port)} (${portee} ; base : ${engine}).`;
}

/** The address to open in a browser for a server listening on `host`:`port`. */
export function urlEcoute(host: string, port: number): string {
  const local = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  const tout = host === '0.0.0.0' || host === '::';
  return local || tout
    ? `http://localhost:${port}`
    : `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function registerServe(program: Command, cli: Cli) {
  const serve = program
    .command('serve')
    .description('démarre le site et l’API (migrations appliquées au démarrage)')
    .option('--port <n>', 'port HTTP (défaut : PORT ou 3000)', port)
    .option(
      '--host <adresse>',
      'adresse d’écoute (défaut : OFFRE_HOST, sinon 127.0.0.1 avec la base embarquée, 0.0.0.0 avec PostgreSQL) ; 0.0.0.0 : toutes les interfaces',
    )
    .option(
      '--demo-if-empty',
      'charge les données de démonstration si la base embarquée est vide (jamais sur PostgreSQL)',
    )
    .option('--demo-formations <n>', 'taille de cette démonstration', entier(1), DEMO_PAR_DEFAUT)
    .option(
      '--workers <n>',
      'PostgreSQL : nombre de processus serveurs sur le même port et la même base',
      entier(1),
      1,
    )
    .option(
      '--no-read-copy',
      'base embarquée (PGlite) : pendant un import, les pages attendent sa fin au lieu de lire une copie de la base d’avant l’import (économise la mémoire de la copie)',
    );
  ancienNom(serve, '--sans-copie-de-lecture', 'readCopy');
  serve.action(
    async (opts: {
      port?: number;
      host?: string;
      demoIfEmpty?: boolean;
      demoFormations: number;
      readCopy: boolean;
      workers: number;
    }) => {
      const [{ readConfig }, { ensureCampagneCourante }, { openDatabase }, { migrate }, { buildApp }, demo] =
        await Promise.all([
          import('../../config.ts'),
          import('../../db/campagne.repository.ts'),
          import('../../db/database.ts'),
          import('../../db/migrate.ts'),
          import('../../http/app.ts'),
          import('../../services/demo.service.ts'),
        ]);
      const config = readConfig();
      /** Once per start, before serving: the campaign, the demo asked for, the built-in communes. */
      const preparer = async (ctx: AppContext) => {
        await ensureCampagneCourante(ctx.db, ctx.now());
        // The demo only on the embedded database: an empty PostgreSQL database is a production one
        // being started, whose formations would be publicly diffused (fresh user, 07/12).
        if (opts.demoIfEmpty && ctx.engine === 'postgres' && (await demo.isEmpty(ctx))) {
          process.stderr.write(
            'Base PostgreSQL vide : aucune donnée de démonstration chargée (--demo-if-empty ne la charge que sur la base embarquée) ; « offre demo » en charge exprès.\n',
          );
        } else if (opts.demoIfEmpty && (await demo.isEmpty(ctx))) {
          process.stderr.write(
            `Base vide : chargement de ${opts.demoFormations} formations de démonstration (voir « offre demo --help »)…\n`,
          );
          const { chargerDemo } = await import('../demo.progress.ts');
          const r = await chargerDemo(ctx, { formations: opts.demoFormations, seed: 42 });
          process.stderr.write(
            `Démonstration chargée : ${r.formations} formations, ${r.sessions} sessions, ${r.organismes} organismes.\n`,
          );
        }
        // A new install checks places from its first offer (the demo brings its own communes).
        const { ensureCommunesParDefaut } = await import('../../services/referentiel.service.ts');
        const communes = await ensureCommunesParDefaut(ctx, annonceCommunesIntegrees);
        if (communes) process.stderr.write(`${messageCommunesIntegrees(communes)}\n`);
      };
      // --workers N: this process (node:cluster's primary) forks N workers, each a whole server
      // (below) on the shared port and the same PostgreSQL database: everything that must be
      // coherent between them lives in PostgreSQL (docs/echelle.md). It only relays signals.
      if (opts.workers > 1 && cluster.isPrimary) {
        if (!config.databaseUrl)
          throw new UsageError(
            `--workers ${opts.workers} demande PostgreSQL (DATABASE_URL) : la base embarquée (PGlite) ne s’ouvre que dans un seul processus. Lancez « offre serve » sans --workers, ou configurez DATABASE_URL.`,
          );
        const journal = journalJson(config.journal, process.stdout.isTTY === true);
        return serveWorkers(opts.workers, journal, async () => {
          // Migrations and preparation once, before the workers start (they skip both).
          const database = await openDatabase({ url: config.databaseUrl! });
          try {
            await migrate(database.db);
            await preparer({ db: database.db, engine: database.engine, now: () => new Date() });
          } finally {
            await database.close();
          }
        });
      }
      annoncerPremiereOuverture(config);
      const database = await openDatabase(
        config.databaseUrl
          ? { url: config.databaseUrl }
          : { dataDir: config.dataDir, snapshotReads: opts.readCopy },
      );
      try {
        const ctx: AppContext = {
          db: database.db,
          engine: database.engine,
          now: () => new Date(),
          ...(database.lecture ? { lecture: database.lecture } : {}),
        };
        // A worker of --workers: its primary migrated and prepared the database.
        if (!cluster.isWorker) {
          await migrate(database.db);
          await preparer(ctx);
        }
        const journal = journalJson(config.journal, process.stdout.isTTY === true);
        const app = await buildApp(ctx, { logger: journal });
        /** A line of the server's own (start, stop): in its JSON log, else on the terminal (stderr). */
        const dire = (ligne: string) => (journal ? app.log.info(ligne) : process.stderr.write(`${ligne}\n`));
        // The database's incidents (a lost connection) as one line of this log, not a Node warning.
        journaliserIncidentsBase((ligne) =>
          journal ? app.log.warn(ligne) : process.stderr.write(`${ligne}\n`),
        );
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
        let adresse: string | null = null;
        const stopCommandes =
          database.engine === 'pglite' && !config.databaseUrl
            ? await (await import('../hote.ts')).ecouterCommandes(
                config.dataDir,
                ctx,
                database,
                cli.executer,
                {
                  adresse: () => adresse,
                },
              )
            : async () => {};
        const { fermerIsoles } = await import('../../formats/isolation.ts');
        let arrete = false;
        /** Stops on SIGINT (Ctrl-C) or SIGTERM (a service manager), said in the server's log. */
        const stop = async (signal: NodeJS.Signals) => {
          if (arrete) return;
          arrete = true;
          // A worker of --workers: its primary says the request and the end once for all of them
          // (serveWorkers); each worker's own end is said by its line below, with its pid.
          if (!cluster.isWorker) dire(`Arrêt demandé (${signal})…`);
          // Bounded, whatever holds it up (a request or a hosted command that never ends): an
          // uncommitted transaction is lost with the process, i.e. rolled back at the next start.
          setTimeout(() => {
            process.stderr.write(
              `Arrêt forcé après ${ARRET_MAX_MS / 1000} s : une requête ou une commande ne se terminait pas ; sa transaction en cours est annulée.\n`,
            );
            process.exit(1);
          }, ARRET_MAX_MS).unref();
          await stopCommandes();
          stopPartenaires();
          stopSauvegardes();
          await app.close();
          await fermerIsoles();
          await database.close();
          // In the JSON log the worker's pid is a field of its line; on a terminal, in the line.
          if (!cluster.isWorker) dire('Serveur arrêté');
          else if (journal) app.log.info('Processus serveur arrêté');
          else process.stderr.write(`Processus serveur ${process.pid} arrêté\n`);
          process.exit(0);
        };
        process.once('SIGINT', () => void stop('SIGINT'));
        process.once('SIGTERM', () => void stop('SIGTERM'));
        const host = hoteEcoute(opts.host ?? config.host, database.engine);
        await app.listen({ port: opts.port ?? config.port, host, listenTextResolver: texteEcouteJournal });
        // The port actually bound (--port 0 asks the system for a free one: tests do).
        const bound = (app.server.address() as { port: number }).port;
        adresse = urlEcoute(host, bound);
        process.stderr.write(`${messageEcoute(host, bound, database.engine)}\n`);
        // Once listening, in the background (its own thread): the workbook reader started and warmed,
        // so that no user's first upload pays for it. Each process of --workers warms its own.
        if (config.prechaufferClasseur) {
          const { prechaufferLecteurClasseur } = await import('../../formats/classeur/classeur.isolated.ts');
          void prechaufferLecteurClasseur();
        }
        // The static assets' compressed copies, once per process group (a worker's primary makes them).
        if (!cluster.isWorker) void copierStatiques(dire);
      } catch (e) {
        await database.close();
        throw e;
      }
    },
  );
}

/**
 * In the background (libuv's thread pool, one file at a time): the compressed copies of the static
 * assets that are missing (http/web/statiques.ts; ≈ 15 s of CPU after an install or an upgrade of
 * the DSFR, nothing afterwards). Meanwhile, and if it fails (said in one line), the assets are
 * compressed on request. Never rejects.
 */
async function copierStatiques(dire: (ligne: string) => void): Promise<void> {
  try {
    const { precompresserStatiques, CACHE_STATIQUES } = await import('../../http/web/statiques.ts');
    await precompresserStatiques(CACHE_STATIQUES);
  } catch (e) {
    dire(
      `Copies compressées des fichiers statiques (CSS, JS) non écrites : ${(e as Error).message} ; ils sont compressés à chaque requête.`,
    );
  }
}

/**
 * node:cluster's primary for `offre serve --workers n`: runs `prepare` (the migrations), forks `n`
 * workers (each runs this same command, sees `cluster.isWorker` and serves), forks again one that
 * dies while the server runs, and stops them all on SIGINT / SIGTERM (exit 0 once all have ended).
 * It says the stop once: « Arrêt demandé (SIGINT)… », each worker's « Processus serveur arrêté »
 * (its pid), then « Serveur arrêté » — as the workers do (`json`, journalJson): in their JSON log on
 * standard output, else in French lines on standard error.
 */
async function serveWorkers(n: number, json: boolean, prepare: () => Promise<void>): Promise<void> {
  await prepare();
  const journal = json ? (await import('pino')).pino(optionsJournalPrimaire) : null;
  const dire = (ligne: string) => (journal ? journal.info(ligne) : process.stderr.write(`${ligne}\n`));
  void copierStatiques(dire);
  let arret = false;
  const fork = () => cluster.fork();
  const fin = () => {
    dire('Serveur arrêté');
    process.exit(0);
  };
  cluster.on('exit', (worker, code, signal) => {
    if (arret) {
      if (Object.keys(cluster.workers ?? {}).length === 0) fin();
      return;
    }
    process.stderr.write(
      `Processus serveur ${worker.process.pid} arrêté (${signal ?? `code ${code}`}) : un autre le remplace.\n`,
    );
    setTimeout(fork, 1000).unref();
  });
  const stop = (signal: NodeJS.Signals) => {
    // SIGINT then SIGTERM: said once. (Ctrl-C in a terminal reaches the workers too, one process group.)
    if (arret) return;
    arret = true;
    dire(`Arrêt demandé (${signal})…`);
    const restants = Object.values(cluster.workers ?? {});
    if (restants.length === 0) fin();
    for (const w of restants) w?.process.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for (let i = 0; i < n; i++) fork();
  process.stderr.write(`Offre : ${n} processus serveurs (node:cluster, base PostgreSQL partagée).\n`);
}
