import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { dixiemes } from '../../domain/nombres.ts';
import { lireTout } from '../entree.ts';
import {
  annonceCommunesIntegrees,
  fichierVerifie,
  messageCommunesIntegrees,
  UsageError,
  withContext,
} from '../runtime.ts';
import { ecrireFichier, sortieVerifiee } from '../sortie.ts';

const POSTGRES_HINT =
  'Avec PostgreSQL (DATABASE_URL), utilisez les outils du serveur : pg_dump -Fc "$DATABASE_URL" > offre.dump et pg_restore, puis « offre db reprise-flux --dernier <n> » (n : le dernier numéro du flux de la base remplacée).';

export function registerDb(program: Command) {
  const db = program.command('db').description('base de données');
  db.command('migrate')
    .description('applique les migrations en attente ; une base sans communes reçoit la liste intégrée')
    .action(async () => {
      const { ensureCommunesParDefaut } = await import('../../services/referentiel.service.ts');
      await withContext(
        async (ctx) => {
          process.stderr.write(`Base à jour (${ctx.engine}).\n`);
          const r = await ensureCommunesParDefaut(ctx, annonceCommunesIntegrees);
          if (r) process.stderr.write(`${messageCommunesIntegrees(r)}\n`);
        },
        { creeLaBase: true },
      );
    });

  db.command('dump <fichier>')
    .description('sauvegarde la base embarquée dans un fichier (.tar.gz)')
    .action(async (file: string) => {
      const chemin = sortieVerifiee(file);
      await withContext(async (_ctx, database) => {
        if (!database.dump) throw new UsageError(POSTGRES_HINT);
        const bytes = await database.dump();
        await ecrireFichier(chemin, async (f) => {
          f.end(bytes);
        });
        process.stderr.write(`Sauvegarde écrite : ${chemin} (${dixiemes(bytes.length / 1e6)} Mo).\n`);
      });
    });

  db.command('restore [fichier]')
    .description(
      'restaure la base embarquée depuis une sauvegarde (sans fichier : la plus récente des sauvegardes planifiées) ; l’ancienne est gardée à côté',
    )
    .action(async (fichier: string | undefined) => {
      const [
        { readConfig },
        { openDatabase, numerosDuDossier },
        { migrate },
        { listSauvegardes, DOSSIER_SAUVEGARDES },
        { noterRestauration },
        { messageRupture },
      ] = await Promise.all([
        import('../../config.ts'),
        import('../../db/database.ts'),
        import('../../db/migrate.ts'),
        import('../../db/sauvegarde.ts'),
        import('../../services/flux-restauration.service.ts'),
        import('../../domain/flux-restauration.ts'),
      ]);
      const config = readConfig();
      if (config.databaseUrl) throw new UsageError(POSTGRES_HINT);
      const file = fichier ?? listSauvegardes(config.dataDir)[0];
      // A running `offre serve` holds the folder: the restore is impossible then, backups or not —
      // taking the lock says so (BASE_VERROUILLEE: the server answers with its refusal, main.ts).
      if (!file && existsSync(config.dataDir)) {
        const { lockDataDir } = await import('../../db/lock.ts');
        await (await lockDataDir(config.dataDir))();
      }
      if (!file)
        throw new UsageError(
          `Aucune sauvegarde planifiée dans ${join(config.dataDir, DOSSIER_SAUVEGARDES)} : indiquez le fichier à restaurer (offre db restore <fichier>).`,
        );
      if (!fichier) process.stderr.write(`Dernière sauvegarde planifiée : ${file}.\n`);
      fichierVerifie(file);
      const target = join(config.dataDir, 'pglite');
      // Under the folder's lock: with `offre serve` running, refused before anything is moved.
      let aside: string | undefined;
      const mettreDeCote = () => {
        if (!existsSync(target) || readdirSync(target).length === 0) return;
        aside = `${target}.avant-restauration-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        renameSync(target, aside);
        process.stderr.write(`Ancienne base déplacée dans ${aside}.\n`);
      };
      const database = await openDatabase({
        dataDir: config.dataDir,
        // Read without blocking the process: Ctrl-C stays heard on a named pipe (entree.ts).
        restoreFrom: await lireTout(file),
        underLock: mettreDeCote,
      });
      let message: string;
      try {
        await migrate(database.db);
        // The change feed resumes above every number the replaced base handed out (read in the
        // folder moved aside, still under the lock), never again handing out one of them.
        const ancien = aside ? await numerosDuDossier(aside) : { seq: null, version: null };
        message = messageRupture(await noterRestauration(database.db, ancien, new Date()));
      } finally {
        await database.close();
      }
      process.stderr.write(`Base restaurée depuis ${file}.\n${message}\n`);
    });

  db.command('reprise-flux')
    .description(
      'après une restauration faite hors d’Offre (pg_restore) : le flux de changements reprend au-dessus des numéros déjà donnés par la base remplacée, et refuse ceux qu’elle a perdus',
    )
    .option(
      '--dernier <n>',
      'dernier numéro du flux donné par la base remplacée (sans lui : une marge de sécurité)',
    )
    .action(async (o: { dernier?: string }) => {
      if (o.dernier !== undefined && !/^\d{1,15}$/.test(o.dernier))
        throw new UsageError(
          `Option --dernier invalide : « ${o.dernier} » n’est pas un numéro du flux (des chiffres, par exemple 2004).`,
        );
      const [{ noterRestauration }, { messageRupture }] = await Promise.all([
        import('../../services/flux-restauration.service.ts'),
        import('../../domain/flux-restauration.ts'),
      ]);
      await withContext(async (ctx) => {
        const seq = o.dernier === undefined ? null : Number(o.dernier);
        const r = await noterRestauration(ctx.db, { seq, version: null }, ctx.now());
        process.stderr.write(`${messageRupture(r)}\n`);
      });
    });
}
