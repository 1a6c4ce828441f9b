import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { pluriel } from '../../domain/pluriel.ts';
import { filtresExport } from '../options.ts';
import { avecProgression, withContext } from '../runtime.ts';
import { ecrireSortie, sortieDemandee, sortieVerifiee } from '../sortie.ts';

export function registerExportCsv(exportCmd: Command) {
  filtresExport(exportCmd.command('csv'))
    .description(
      'toutes les formations diffusées × sessions, toutes les colonnes (UTF-8 avec BOM, séparateur « ; »)',
    )
    .option('-o, --out <fichier>', 'fichier à écrire (défaut : sortie standard)')
    .action(async (options: { out?: string; region?: string; siret?: string }) => {
      const opts = { ...options, out: sortieDemandee(options.out) };
      const { exportCsv } = await import('../../services/export-csv.service.ts');
      const { exigerSelection } = await import('../../services/export-selection.ts');
      if (opts.out) sortieVerifiee(opts.out);
      await withContext(async (ctx) => {
        // A filter that selects nothing: AUCUNE_FORMATION, and nothing written (as the API).
        await exigerSelection(ctx.db, { region: opts.region, siret: opts.siret });
        await avecProgression('Formations exportées', async (bar) => {
          let total = 0;
          const lignes = exportCsv(ctx.db, { region: opts.region, siret: opts.siret }, (n) => {
            total = n;
            bar.tick(n);
          });
          await ecrireSortie(Readable.from(lignes), opts.out);
          bar.done(
            opts.out
              ? `${pluriel(total, 'formation exportée', 'formations exportées')} dans ${opts.out}`
              : undefined,
          );
        });
      });
    });
}
