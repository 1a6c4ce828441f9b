import type { Command } from 'commander';
import { nomExport } from '../../domain/nom-export.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { filtresExport } from '../options.ts';
import { avecProgression, withContext } from '../runtime.ts';
import { ecrireFichier, sortieVerifiee } from '../sortie.ts';

export function registerExportXlsx(exportCmd: Command) {
  filtresExport(exportCmd.command('xlsx'))
    .description('toutes les formations diffusées × sessions, les colonnes de l’export CSV, en classeur XLSX')
    .option(
      '-o, --out <fichier>',
      'fichier .xlsx à écrire (défaut : offre-formations[-region-<code>][-siret-<siret>]-<AAAA-MM-JJ>.xlsx)',
    )
    .action(async (opts: { out?: string; region?: string; siret?: string }) => {
      const { exportXlsx } = await import('../../services/export-xlsx.service.ts');
      const { exigerSelection } = await import('../../services/export-selection.ts');
      // A file that cannot be written is refused before anything is read (SORTIE_IMPOSSIBLE).
      if (opts.out) sortieVerifiee(opts.out);
      await withContext(async (ctx) => {
        // A filter that selects nothing: AUCUNE_FORMATION, and no file written (as the API).
        await exigerSelection(ctx.db, { region: opts.region, siret: opts.siret });
        const out = sortieVerifiee(opts.out ?? nomExport('xlsx', opts, ctx.now()));
        await avecProgression('Formations exportées', async (bar) => {
          const total = await ecrireFichier(out, (fichier) =>
            exportXlsx(ctx.db, fichier, { region: opts.region, siret: opts.siret }, (n) => bar.tick(n)),
          );
          bar.done(`${pluriel(total, 'formation exportée', 'formations exportées')} dans ${out}`);
        });
      });
    });
}
