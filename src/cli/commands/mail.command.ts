import type { Command } from 'commander';
import { dateHeureLongue } from '../../domain/dates.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { withContext } from '../runtime.ts';

/** `offre mail outbox`: e-mails kept when no SMTP server is configured, or not delivered. */
export function registerMail(program: Command) {
  const mail = program.command('mail').description('courriels');
  mail
    .command('outbox')
    .description(
      'affiche la boîte d’envoi : courriels gardés faute de serveur SMTP (OFFRE_SMTP_URL) ou non remis',
    )
    .option('--json', 'une ligne JSON par courriel')
    .action(async (o: { json?: boolean }) => {
      // Loaded here, not at start: every other command would load nodemailer for nothing.
      const { boiteEnvoi } = await import('../../services/comptes/courriel.service.ts');
      await withContext(async (ctx) => {
        const rows = await boiteEnvoi(ctx);
        for (const c of rows) {
          const line = {
            id: c.id,
            date: new Date(c.created_at).toISOString(),
            destinataire: c.destinataire,
            modele: c.modele,
            sujet: c.sujet,
            statut: c.statut,
            erreur: c.erreur,
            texte: c.texte,
          };
          process.stdout.write(
            o.json
              ? `${JSON.stringify(line)}\n`
              : `— ${dateHeureLongue(c.created_at)}  à ${c.destinataire}  [${c.statut}${c.erreur ? ` : ${c.erreur}` : ''}]\nObjet : ${c.sujet}\n\n${c.texte ?? ''}\n\n`,
          );
        }
        if (!o.json)
          process.stderr.write(`${pluriel(rows.length, 'courriel', 'courriels')} dans la boîte d’envoi.\n`);
      });
    });
}
