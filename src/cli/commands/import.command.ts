import type { Command } from 'commander';
import { registerExportClasseur, registerImportClasseur } from './classeur.command.ts';
import { registerExportCsv } from './export-csv.command.ts';
import { registerExportXlsx } from './export-xlsx.command.ts';
import { registerImportLheo } from './import-lheo.command.ts';
import { registerExportLheo } from './lheo.command.ts';

/**
 * The `offre import …` and `offre export …` parents: commander needs one parent per name, so
 * every bulk format registers its subcommands here (LHEO, campaign workbook, CSV).
 */
export function registerImportExport(program: Command) {
  const importCmd = program.command('import').description('importe un fichier (LHEO, classeur de campagne)');
  const exportCmd = program
    .command('export')
    .description('exporte l’offre (LHEO, classeur de campagne, CSV, XLSX)');
  registerImportLheo(importCmd);
  registerExportLheo(exportCmd);
  registerImportClasseur(importCmd);
  registerExportClasseur(exportCmd);
  registerExportCsv(exportCmd);
  registerExportXlsx(exportCmd);
}
