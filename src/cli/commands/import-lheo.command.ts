import { createReadStream, existsSync } from 'node:fs';
import type { Command } from 'commander';
import { SYSTEME } from '../../domain/acteur.ts';
import type { LheoImportReport } from '../../services/import-lheo.service.ts';
import { progress, UsageError, withContext } from '../runtime.ts';

function render(r: LheoImportReport, dryRun: boolean): string {
  const f = r.formations;
  const lines = [
    `${dryRun ? 'Simulation (rien n’a été enregistré) — ' : ''}formations : ${f.creees} créée(s), ${f.mises_a_jour} mise(s) à jour, ${f.inchangees} inchangée(s), ${f.rejetees} rejetée(s).`,
    ...r.rejets.map((x) => `  ✗ ${x.chemin} [${x.code}] ${x.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerImportLheo(importCmd: Command) {
  importCmd
    .command('lheo <fichier>')
    .description('importe un fichier LHEO 2.2 ou 2.3 (mise à jour par numéro de formation et de session)')
    .option('--dry-run', 'simule l’import et affiche le rapport sans rien enregistrer')
    .option('--json', 'rapport JSON sur la sortie standard')
    .action(async (fichier: string, opts: { dryRun?: boolean; json?: boolean }) => {
      if (!existsSync(fichier)) throw new UsageError(`Fichier introuvable : ${fichier}`);
      const { importLheo } = await import('../../services/import-lheo.service.ts');
      await withContext(async (ctx) => {
        const bar = progress('Formations LHEO lues');
        const report = await importLheo(ctx, SYSTEME('import-lheo'), createReadStream(fichier), {
          fichier,
          dryRun: opts.dryRun,
          onProgress: (n) => bar.tick(n),
        });
        bar.done();
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : render(report, !!opts.dryRun));
        // Rejected records are a data error for scripts, even though the valid ones were applied.
        if (report.formations.rejetees > 0) process.exitCode = 1;
      });
    });
}
