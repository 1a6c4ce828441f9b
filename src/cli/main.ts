import { type Command, CommanderError } from 'commander';
import { OffreError } from '../domain/errors.ts';
import { offreVersion } from '../paths.ts';
import { commands } from './commands/index.ts';
import { commandeHebergee } from './hote.context.ts';
import { retirerCtrlCPrecoce, surCtrlC } from './interruption.ts';
import { commandeInconnue, FrenchCommand } from './program.ts';

// Only commander and the command definitions load at start; each command loads what it needs
// (services, database, file formats) when it runs, so `offre --help` stays fast.

export function buildProgram(): Command {
  const program = new FrenchCommand('offre')
    .description('Offre — déclarer, contrôler et diffuser l’offre de formation')
    .version(offreVersion(), '-V, --version', 'affiche la version d’Offre')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showSuggestionAfterError()
    .helpCommand('help [commande]', 'affiche l’aide d’une commande')
    .helpOption('-h, --help', 'affiche l’aide');
  for (const register of commands) register(program, { executer: main });
  return program;
}

const pipeClosed = (e: unknown) =>
  ['EPIPE', 'ERR_STREAM_DESTROYED'].includes((e as NodeJS.ErrnoException | null)?.code ?? '');

/**
 * Stdout closed by its reader (`offre check --json | head`): stop quietly with status 0, as Unix
 * tools do on SIGPIPE — no stack trace, no "Erreur interne". Exit hooks still release the lock.
 */
let pipesWatched = false;
function stopQuietlyOnClosedPipe(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  process.stdout.on('error', (e) => {
    if (pipeClosed(e)) process.exit(0);
    throw e;
  });
  process.stderr.on('error', () => {});
}

/** Runs the CLI: exit 0 on success, 1 on a usage or data error with a French message on stderr. */
export async function main(argv: string[]): Promise<void> {
  stopQuietlyOnClosedPipe();
  // Ctrl-C says what is left (interruption.ts); `offre serve` stops on it in its own way, and a
  // command the server runs for a CLI is cancelled by its caller's Ctrl-C (hote.ts).
  // Until here, bin/offre.js answered a Ctrl-C during the loading.
  if (argv[0] !== 'serve' && !commandeHebergee()) surCtrlC(argv);
  else retirerCtrlCPrecoce();
  const program = buildProgram();
  try {
    // An unknown subcommand is an error even with --help or under `help` (commander prints a help, status 0).
    await program.parseAsync(commandeInconnue(program, argv) ?? argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 1;
      return;
    }
    if (pipeClosed(e)) {
      process.exitCode = 0;
      return;
    }
    if (e instanceof OffreError && e.code === 'BASE_VERROUILLEE' && !commandeHebergee()) {
      // The embedded folder is held by a running `offre serve`: let it run the command (hote.ts).
      const code = await parServeur(argv);
      if (code !== null) {
        process.exitCode = code;
        return;
      }
    }
    if (e instanceof OffreError) {
      // The stable code of a data error, as the import reports print theirs (« [LHEO_DATE_INVALIDE] »).
      const code = e.code === 'USAGE' ? '' : ` [${e.code}]`;
      process.stderr.write(`Erreur : ${e.message}${formatDetails(e.message, e.details)}${code}\n`);
      process.exitCode = 1;
      return;
    }
    process.stderr.write(`Erreur interne : ${(e as Error)?.message ?? e}\n`);
    if (process.env.OFFRE_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    process.exitCode = 1;
  }
}

/** The command run by the server holding the embedded folder; null when none answers. */
async function parServeur(argv: readonly string[]): Promise<number | null> {
  const [{ readConfig }, { viaServeur }] = await Promise.all([
    import('../config.ts'),
    import('./hote.client.ts'),
  ]);
  const config = readConfig();
  return config.databaseUrl ? null : viaServeur(config.dataDir, argv, buildProgram());
}

function formatDetails(message: string, d: Readonly<Record<string, unknown>>): string {
  // What the message already says (« f.xml, ligne 6 : … ») is not said twice.
  const dit = (k: string) =>
    k === 'fichier' || k === 'champ' ? message.includes(String(d[k])) : message.includes(`${k} ${d[k]}`);
  const parts = ['fichier', 'ligne', 'colonne', 'champ']
    .filter((k) => d[k] !== undefined && !dit(k))
    .map((k) => `${k} ${d[k]}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
