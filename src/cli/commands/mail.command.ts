import type { Command } from 'commander';
import { configOf } from '../../context.ts';
import { etatCourriel } from '../../domain/courriel-envoi.ts';
import { dateHeureLongue } from '../../domain/dates.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { entier } from '../options.ts';
import { withContext } from '../runtime.ts';

/** `offre mail outbox`: e-mails not sent — waiting (no SMTP server, not yet sent, to try again) or given up. */
export function registerMail(program: Command) {
  const mail = program.command('mail').description('courriels');
  mail
    .command('outbox')
    .description(
      'affiche la boîte d’envoi : courriels en attente (sans serveur SMTP, pas encore partis, à réessayer) ou abandonnés après 10 essais',
    )
    .option('--json', 'une ligne JSON par courriel')
    .option(
      '--tentatives <n>',
      'seulement les courriels essayés au moins n fois sans être remis (1 : tous les non remis)',
      entier(1),
    )
    .action(async (o: { json?: boolean; tentatives?: number }) => {
      // Loaded here, not at start: every other command would load nodemailer for nothing.
      const { boiteEnvoi } = await import('../../services/comptes/courriel.service.ts');
      await withContext(async (ctx) => {
        const rows = await boiteEnvoi(ctx, { tentativesMin: o.tentatives });
        const smtp = !!configOf(ctx).smtpUrl;
        for (const c of rows) {
          const line = {
            id: c.id,
            date: new Date(c.created_at).toISOString(),
            destinataire: c.destinataire,
            modele: c.modele,
            sujet: c.sujet,
            statut: c.statut,
            tentatives: c.tentatives,
            prochain_essai:
              c.statut === 'en_attente' && c.prochain_essai_at
                ? new Date(c.prochain_essai_at).toISOString()
                : null,
            erreur: c.erreur,
            texte: c.texte,
          };
          process.stdout.write(
            o.json
              ? `${JSON.stringify(line)}\n`
              : `— ${dateHeureLongue(c.created_at)}  à ${c.destinataire}  [${etatCourriel(c, smtp, dateHeureLongue)}]\nObjet : ${c.sujet}\n\n${c.texte ?? ''}\n\n`,
          );
        }
        if (!o.json)
          process.stderr.write(
            `${pluriel(rows.length, 'courriel', 'courriels')} dans la boîte d’envoi${o.tentatives ? ` essayés au moins ${o.tentatives} fois` : ''}.\n`,
          );
      });
    });
}
