import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { progress, withContext } from '../runtime.ts';

export function registerExportCsv(exportCmd: Command) {
  exportCmd
    .command('csv')
    .description(
      'toutes les formations diffusées × sessions, toutes les colonnes (UTF-8 avec BOM, séparateur « ; »)',
    )
    .option('--out <fichier>', 'fichier à écrire (défaut : sortie standard)')
    .action(async (opts: { out?: string }) => {
      const { exportCsv } = await import('../../services/export-csv.service.ts');
      await withContext(async (ctx) => {
        const bar = progress('Formations exportées');
        let total = 0;
        const lignes = exportCsv(ctx.db, (n) => {
          total = n;
          bar.tick(n);
        });
        await pipeline(Readable.from(lignes), opts.out ? createWriteStream(opts.out) : process.stdout);
        bar.done(opts.out ? `${total} formation(s) exportée(s) dans ${opts.out}` : undefined);
      });
    });
}
