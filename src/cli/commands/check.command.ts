import type { Command } from 'commander';
import { dixiemes } from '../../domain/nombres.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { avecProgression, withContext } from '../runtime.ts';

export function registerCheck(program: Command) {
  program
    .command('check')
    .description(
      'recalcule la conformité de toutes les formations et affiche le résumé par code (--json : une ligne JSON par formation)',
    )
    .option('--json', 'une ligne JSON par formation sur la sortie standard')
    .action(async (o: { json?: boolean }) => {
      const [{ REGLES }, { lignesConformite, recomputeAll, resumeControles }] = await Promise.all([
        import('../../domain/regles/regles.ts'),
        import('../../services/conformite.service.ts'),
      ]);
      await withContext(async (ctx) => {
        const started = Date.now();
        await avecProgression('Contrôle des formations', async (bar) => {
          const r = await recomputeAll(ctx, (done, total) => bar.tick(done, total));
          bar.done(
            `${pluriel(r.controlees, 'formation contrôlée', 'formations contrôlées')} en ${dixiemes((Date.now() - started) / 1000)} s ; résultats modifiés : ${r.resultatsModifies}, classement modifié : ${r.derivesModifies}.`,
          );
        });
        if (o.json) {
          for await (const ligne of lignesConformite(ctx.db))
            process.stdout.write(`${JSON.stringify(ligne)}\n`);
          return;
        }
        const { parCode, catalogue } = await resumeControles(ctx.db);
        const n = (c: string | null) => catalogue.find((x) => x.catalogue === c)?.n ?? 0;
        const out = [
          `Catalogue général : ${n('general')}    Non réglementaire : ${n('non_reglementaire')}${n(null) ? `    non contrôlées : ${n(null)}` : ''}`,
          '',
          'Échecs par code (formations concernées) :',
        ];
        const echecs = new Map(parCode.map((x) => [`${x.code}|${x.severite}`, x.n]));
        for (const regle of REGLES) {
          const total = [...echecs.entries()]
            .filter(([k]) => k.startsWith(`${regle.code}|`))
            .reduce((a, [, v]) => a + v, 0);
          out.push(
            `  ${regle.code.padEnd(28)} ${regle.severite.padEnd(10)} ${String(total).padStart(7)}  ${regle.libelle}`,
          );
        }
        process.stdout.write(`${out.join('\n')}\n`);
      });
    });
}
