import type { AppContext } from '../context.ts';
import { pluriel } from '../domain/pluriel.ts';

/**
 * After a command that wrote e-mails to the outbox: sends them now (a command has no background
 * sender), bounded by the mail server's timeouts; what fails stays in the outbox for the server's
 * retries, said on stderr. Without OFFRE_SMTP_URL: nothing (they wait, `offre mail outbox`).
 */
export async function envoyerCourrielsDeLaCommande(ctx: AppContext): Promise<void> {
  const { envoyerCourriels, ligneEchec } = await import('../services/comptes/courriel.envoi.ts');
  const { echecs } = await envoyerCourriels(ctx, {
    onEchec: (e) => process.stderr.write(`${ligneEchec(e)}\n`),
  });
  if (echecs)
    process.stderr.write(
      `${pluriel(echecs, 'courriel non remis', 'courriels non remis')} : ${echecs > 1 ? 'ils restent' : 'il reste'} dans la boîte d’envoi, un serveur en marche (offre serve) les réessaie.\n`,
    );
}
