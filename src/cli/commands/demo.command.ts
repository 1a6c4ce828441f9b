import type { Command } from 'commander';
import { dixiemes } from '../../domain/nombres.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { entier } from '../options.ts';
import { withContext } from '../runtime.ts';

export function registerDemo(program: Command) {
  program
    .command('demo')
    .description(
      'charge une offre de démonstration réaliste et déterministe (organismes, certifications, référentiels, formations, sessions)',
    )
    .option('--formations <n>', 'nombre de formations', entier(1), 2000)
    .option('--seed <s>', 'graine du générateur (même graine ⇒ mêmes données)', entier(0), 42)
    .option('--json', 'résumé en JSON sur la sortie standard')
    .action(async (opts: { formations: number; seed: number; json?: boolean }) => {
      const { chargerDemo } = await import('../demo.progress.ts');
      await withContext(
        async (ctx) => {
          const r = await chargerDemo(ctx, { formations: opts.formations, seed: opts.seed });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(r)}\n`);
            return;
          }
          const statuts = Object.entries(r.parStatut)
            .map(([s, n]) => `${s} ${n}`)
            .join(', ');
          if (r.reprise)
            process.stderr.write(
              `Reprise d’un chargement interrompu : ${pluriel(r.reprise, 'formation de cette démonstration était déjà enregistrée, gardée telle quelle', 'formations de cette démonstration étaient déjà enregistrées, gardées telles quelles')}.\n`,
            );
          process.stdout.write(
            `Démonstration chargée : ${r.formations} formations, ${r.sessions} sessions, ${r.organismes} organismes ` +
              `(${statuts}) ; ${r.avecDefaut} formations volontairement non conformes. ` +
              `Chargement ${dixiemes(r.chargementMs / 1000)} s, contrôle ${dixiemes(r.controleMs / 1000)} s.\n`,
          );
        },
        { creeLaBase: true },
      );
    });
}
