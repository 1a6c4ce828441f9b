import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { nomExport } from '../../domain/nom-export.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { cheminLocal } from '../hote.context.ts';
import { filtresExport } from '../options.ts';
import { avecProgression, withContext } from '../runtime.ts';

export function registerExportXlsx(exportCmd: Command) {
  filtresExport(exportCmd.command('xlsx'))
    .description('toutes les formations diffusées × sessions, les colonnes de l’export CSV, en classeur XLSX')
    .option(
      '--out <fichier>',
      'fichier .xlsx à écrire (défaut : offre-formations[-region-<code>][-siret-<siret>]-<AAAA-MM-JJ>.xlsx)',
    )
    .action(async (opts: { out?: string; region?: string; siret?: string }) => {
      const { exportXlsx } = await import('../../services/export-xlsx.service.ts');
      const { exigerSelection } = await import('../../services/export-selection.ts');
      await withContext(async (ctx) => {
        // A filter that selects nothing: AUCUNE_FORMATION, and no file written (as the API).
        await exigerSelection(ctx.db, { region: opts.region, siret: opts.siret });
        const out = cheminLocal(opts.out ?? nomExport('xlsx', opts, ctx.now()));
        await avecProgression('Formations exportées', async (bar) => {
          const fichier = createWriteStream(out);
          const total = await exportXlsx(ctx.db, fichier, { region: opts.region, siret: opts.siret }, (n) =>
            bar.tick(n),
          );
          await finished(fichier);
          bar.done(`${pluriel(total, 'formation exportée', 'formations exportées')} dans ${out}`);
        });
      });
    });
}
