import type { Command } from 'commander';
import { withContext } from '../runtime.ts';

export function registerDb(program: Command) {
  const db = program.command('db').description('base de données');
  db.command('migrate')
    .description('applique les migrations en attente')
    .action(async () => {
      await withContext(async (ctx) => {
        process.stderr.write(`Base à jour (${ctx.engine}).\n`);
      });
    });
}
