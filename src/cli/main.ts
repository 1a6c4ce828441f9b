import { Command, CommanderError } from 'commander';
import { OffreError } from '../domain/errors.ts';
import { commands } from './commands/index.ts';

export function buildProgram(): Command {
  const program = new Command('offre')
    .description('Offre — déclarer, contrôler et diffuser l’offre de formation')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .helpCommand('help [commande]', 'affiche l’aide d’une commande')
    .helpOption('-h, --help', 'affiche l’aide');
  for (const register of commands) register(program);
  return program;
}

/** Runs the CLI: exit 0 on success, 1 on a usage or data error with a French message on stderr. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 1;
      return;
    }
    if (e instanceof OffreError) {
      process.stderr.write(`Erreur : ${e.message}${formatDetails(e.details)}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`Erreur interne : ${(e as Error)?.message ?? e}\n`);
    if (process.env.OFFRE_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    process.exitCode = 1;
  }
}

function formatDetails(d: Readonly<Record<string, unknown>>): string {
  const parts = ['fichier', 'ligne', 'colonne', 'champ']
    .filter((k) => d[k] !== undefined)
    .map((k) => `${k} ${d[k]}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
