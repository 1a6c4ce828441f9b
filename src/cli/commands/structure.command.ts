import type { Command } from 'commander';
import { SYSTEME } from '../../domain/acteur.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { envoyerCourrielsDeLaCommande } from '../courriels.ts';
import { withContext } from '../runtime.ts';

const CLI = SYSTEME('cli');
/** Loaded when a structure command runs, not at start: it brings argon2 and nodemailer. */
const service = () => import('../../services/comptes/structure.service.ts');

/** `offre structure list|approve|refuse`: the sign-up decisions, for scripts and the first days. */
export function registerStructure(program: Command) {
  const structure = program.command('structure').description('structures (organismes) et leurs inscriptions');
  structure
    .command('list')
    .description('liste les structures (--pending : celles qui attendent une validation)')
    .option('--pending', 'seulement les inscriptions en attente')
    .option('--json', 'une ligne JSON par structure')
    .action(async (o: { pending?: boolean; json?: boolean }) => {
      const { listStructuresForCli } = await service();
      await withContext(async (ctx) => {
        const rows = await listStructuresForCli(ctx, { enAttente: o.pending });
        for (const s of rows) {
          const line = {
            siren: s.siren,
            raison_sociale: s.raison_sociale,
            region: s.region,
            statut: s.statut,
            created_at: s.created_at,
          };
          process.stdout.write(
            o.json
              ? `${JSON.stringify(line)}\n`
              : `${s.siren}\t${s.statut}\t${s.region ?? '—'}\t${s.raison_sociale}\n`,
          );
        }
        if (!o.json) process.stderr.write(`${pluriel(rows.length, 'structure', 'structures')}.\n`);
      });
    });
  structure
    .command('approve <siren>')
    .description('valide une inscription en attente (ses utilisateurs reçoivent un courriel)')
    .action(async (siren: string) => {
      const { approveStructure } = await service();
      await withContext(async (ctx) => {
        await approveStructure(ctx, CLI, siren.trim());
        await envoyerCourrielsDeLaCommande(ctx);
        process.stderr.write(
          `Structure ${siren} validée ; ses utilisateurs ont été prévenus par courriel.\n`,
        );
      });
    });
  structure
    .command('refuse <siren>')
    .description(
      'refuse une inscription en attente (son demandeur est supprimé ; les comptes créés par un administrateur restent, structure « refusée »)',
    )
    .requiredOption('--motif <texte>', 'motif envoyé au demandeur')
    .action(async (siren: string, o: { motif: string }) => {
      const { refuseStructure } = await service();
      await withContext(async (ctx) => {
        await refuseStructure(ctx, CLI, siren.trim(), o.motif, 'cli');
        await envoyerCourrielsDeLaCommande(ctx);
        process.stderr.write(
          `Inscription de ${siren} refusée ; le demandeur a reçu le motif par courriel.\n`,
        );
      });
    });
}
