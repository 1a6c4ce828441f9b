import type { Command } from 'commander';
import { ligneAudit, type OptionsFiltreAudit } from '../../domain/audit.ts';
import { accord, pluriel } from '../../domain/pluriel.ts';
import { ancienNom } from '../options.ts';
import { withContext } from '../runtime.ts';

/** The options `offre audit list` filters by, as its errors name them. */
const OPTIONS: OptionsFiltreAudit = { evenement: '--evenement', du: '--from', au: '--to', ip: '--ip' };

export function registerAudit(program: Command) {
  const audit = program
    .command('audit')
    .description('journal de sécurité (connexions, clés, rôles, accès refusés)');
  const list = audit
    .command('list')
    .description('liste les événements, du plus récent au plus ancien (ni mot de passe ni clé n’y figure)')
    .option('--evenement <code>', 'un seul type d’événement (ex. connexion_echouee, cle_creee, acces_refuse)')
    .option(
      '--who <texte>',
      'une partie de l’acteur ou de la cible (adresse électronique, nom ou identifiant de clé)',
    )
    .option('--ip <adresse>', 'une adresse IP')
    .option('--from <date>', 'à partir de ce jour inclus (AAAA-MM-JJ)')
    .option('--to <date>', 'jusqu’à ce jour inclus (AAAA-MM-JJ)')
    .option('--limit <n>', 'nombre d’événements au plus', '100')
    .option('--json', 'sortie JSON (une ligne par événement)')
    .action(
      async (o: {
        evenement?: string;
        who?: string;
        ip?: string;
        from?: string;
        to?: string;
        limit: string;
        json?: boolean;
      }) => {
        const { checkSaisieAudit, readAudit } = await import('../../services/audit.service.ts');
        const { OffreError } = await import('../../domain/errors.ts');
        const limite = Number(o.limit);
        if (!Number.isInteger(limite) || limite < 1 || limite > 100_000)
          throw new OffreError(
            'AUDIT_FILTRE',
            `--limit « ${o.limit} » : un nombre entier de 1 à 100 000 est attendu.`,
            {
              champ: '--limit',
            },
          );
        const saisi = { evenement: o.evenement, qui: o.who, ip: o.ip, du: o.from, au: o.to };
        // Refused before the database is opened, naming the option typed (not the page's fields).
        checkSaisieAudit(saisi, OPTIONS);
        await withContext(async (ctx) => {
          const { lignes } = await readAudit(ctx, saisi, limite, OPTIONS);
          if (o.json) {
            for (const l of lignes) process.stdout.write(`${JSON.stringify(l)}\n`);
            return;
          }
          if (lignes.length === 0) {
            process.stdout.write('Aucun événement ne correspond.\n');
            return;
          }
          for (const l of lignes) process.stdout.write(`${ligneAudit(l)}\n`);
        });
      },
    );
  // Older French spellings, hidden from the help (CONTRIBUTING.md, "Noms").
  ancienNom(list, '--qui <texte>', 'who');
  ancienNom(list, '--du <date>', 'from');
  ancienNom(list, '--au <date>', 'to');
  ancienNom(list, '--limite <n>', 'limit');
  const purge = async () => {
    const { purgeAudit } = await import('../../services/audit.service.ts');
    const { readConfig } = await import('../../config.ts');
    await withContext(async (ctx) => {
      const n = await purgeAudit(ctx);
      process.stdout.write(
        `${pluriel(n, 'événement', 'événements')} de plus de ${readConfig().auditRetentionJours} jours ${accord(n, 'supprimé', 'supprimés')} du journal de sécurité.\n`,
      );
    });
  };
  const description =
    'supprime les événements plus anciens que la durée de conservation (OFFRE_AUDIT_RETENTION_JOURS)';
  audit.command('purge').description(description).action(purge);
  audit.command('purger', { hidden: true }).description(description).action(purge);
}
