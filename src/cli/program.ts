import { Command, Help, InvalidArgumentError, type Option } from 'commander';
import { pluriel } from '../domain/pluriel.ts';

/** What a command may need of the CLI itself: `serve` runs the commands CLIs send it (hote.ts). */
export interface Cli {
  /** Runs one command line in this process, as `offre …` would (main.ts). */
  readonly executer: (argv: string[]) => Promise<void>;
}

// Commander speaks English ("Usage:", "error: required option … not specified"). Its own
// extension points translate it: a Command subclass (createCommand, so that every subcommand
// is one too) whose error() rewrites commander's messages by their stable code, and a Help whose
// titles and option descriptions are French.

const TITRES: Readonly<Record<string, string>> = {
  'Usage:': 'Utilisation :',
  'Arguments:': 'Arguments :',
  'Options:': 'Options :',
  'Commands:': 'Commandes :',
  'Global Options:': 'Options globales :',
};

const quoted = (message: string): string[] => [...message.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
const guillemets = (s: string | undefined) => `« ${s ?? '?'} »`;

function suggestion(message: string): string {
  const m = /\(Did you mean (?:one of )?(.+)\?\)/.exec(message);
  return m ? ` Vouliez-vous dire ${m[1]} ?` : '';
}

/** Commander's English error message, in French (by its code; unknown codes pass through). */
export function messageFrancais(code: string, message: string): string {
  const q = quoted(message);
  switch (code) {
    case 'commander.missingArgument':
      return `argument obligatoire ${guillemets(q[0])} manquant.`;
    case 'commander.optionMissingArgument':
      return `l’option ${guillemets(q[0])} attend une valeur.`;
    case 'commander.missingMandatoryOptionValue':
      return `option obligatoire ${guillemets(q[0])} absente.`;
    case 'commander.unknownOption':
      return `option inconnue ${guillemets(q[0])}.${suggestion(message)}`;
    case 'commander.unknownCommand':
      return `commande inconnue ${guillemets(q[0])}.${suggestion(message)}`;
    case 'commander.excessArguments': {
      const m = /Expected (\d+) arguments? but got (\d+)/.exec(message);
      return `trop d’arguments${q[0] ? ` pour ${guillemets(q[0])}` : ''} : ${m ? pluriel(Number(m[1]), 'attendu', 'attendus') : '? attendu'}, ${m ? pluriel(Number(m[2]), 'reçu', 'reçus') : '? reçu'}.`;
    }
    case 'commander.conflictingOption':
      return `${q.map(guillemets).join(' et ')} ne peuvent pas être utilisées ensemble.`;
    case 'commander.invalidArgument': {
      // "error: option '--x <n>' argument 'v' is invalid. <reason>" or
      // "error: command-argument value 'v' is invalid for argument 'kind'. <reason>"
      const reason = message
        .replace(/^.*? is invalid(?: for argument '[^']*')?\.\s*/s, '')
        .replace(/^Allowed choices are (.*)\.$/, 'valeurs possibles : $1.');
      const what = message.includes('command-argument')
        ? `argument ${guillemets(q[1])} : valeur ${guillemets(q[0])} invalide`
        : `option ${guillemets(q[0])} : valeur ${guillemets(q[1])} invalide`;
      return `${what}${reason ? ` — ${reason}` : '.'}`;
    }
    default:
      return message.replace(/^error: /, '');
  }
}

class FrenchHelp extends Help {
  override styleTitle(str: string): string {
    return TITRES[str] ?? str;
  }
  override commandUsage(cmd: Command): string {
    return super.commandUsage(cmd).replace('[command]', '[commande]');
  }
  override optionDescription(option: Option): string {
    const extra: string[] = [];
    // requiredOption: commander's help does not say it (the command then stops asking for it).
    if (option.mandatory) extra.push('obligatoire');
    if (option.argChoices) extra.push(`valeurs : ${option.argChoices.join(', ')}`);
    // An empty default (a repeatable option's []) has nothing to say.
    const defaut =
      option.defaultValue === undefined
        ? ''
        : (option.defaultValueDescription ?? String(option.defaultValue));
    if (defaut && (option.required || option.optional)) extra.push(`défaut : ${defaut}`);
    return [option.description, extra.length ? `(${extra.join(' ; ')})` : ''].filter(Boolean).join(' ');
  }
  override argumentDescription(argument: Parameters<Help['argumentDescription']>[0]): string {
    const extra = argument.argChoices ? ` (valeurs : ${argument.argChoices.join(', ')})` : '';
    return `${argument.description ?? ''}${extra}`.trim();
  }
}

/** Commander's undeclared methods that FrenchCommand calls (commander 14, lib/command.js). */
interface CommanderInterne {
  unknownOption(this: Command, flag: string): void;
  _checkForMissingMandatoryOptions(this: Command): void;
}

/** A commander Command whose help and errors are in French, and so are its subcommands'. */
export class FrenchCommand extends Command {
  override createCommand(name?: string): FrenchCommand {
    return new FrenchCommand(name);
  }
  override createHelp(): Help {
    return Object.assign(new FrenchHelp(), this.configureHelp());
  }
  /** The words parseOptions could not match, for the check below. */
  private inconnus: readonly string[] = [];

  override parseOptions(argv: string[]): ReturnType<Command['parseOptions']> {
    const r = super.parseOptions(argv);
    this.inconnus = r.unknown;
    return r;
  }

  /**
   * Commander checks the required options before the unknown ones: `apikey add --nom X` said
   * « --name absente », not that --nom does not exist. A command without subcommands (the words
   * after an unknown option are its own) now reports an unknown option first.
   */
  _checkForMissingMandatoryOptions(): void {
    const premier = this.inconnus[0];
    const interne = Command.prototype as unknown as CommanderInterne;
    if (this.commands.length === 0 && premier?.startsWith('-') && premier !== '-')
      interne.unknownOption.call(this, premier);
    interne._checkForMissingMandatoryOptions.call(this);
  }

  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    const code = errorOptions?.code ?? 'commander.error';
    const french = code.startsWith('commander.') ? messageFrancais(code, message) : message;
    const hint = this.name() ? ` Voir « ${commandPath(this)} --help ».` : '';
    return super.error(`Erreur : ${french}${code === 'commander.error' ? '' : hint}`, errorOptions);
  }
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** For argParser: a usage error that commander reports in French with the option's name. */
export const invalide = (reason: string) => new InvalidArgumentError(reason);

/**
 * The words to parse instead of `argv` when it names an unknown subcommand that commander would
 * not report: after `--help` (`offre apikey create --help` printed the help of `apikey`, status 0)
 * or under `help` (`offre help apikey create`). Parsing the words up to the unknown one makes
 * commander report it (status 1, French message, suggestion). Null when every command word is known.
 * Only command groups are walked: from the first command without subcommands on, the words are
 * its arguments.
 */
export function commandeInconnue(program: Command, argv: readonly string[]): string[] | null {
  let cmd = program;
  const chemin: string[] = [];
  for (const mot of argv) {
    if (cmd.commands.length === 0) return null;
    // A group's own options (-h, --help, -V) and its help command: the words after it name commands.
    if (mot.startsWith('-') || mot === 'help') continue;
    const sous = cmd.commands.find((c) => c.name() === mot || c.aliases().includes(mot));
    if (!sous) return [...chemin, mot];
    chemin.push(mot);
    cmd = sous;
  }
  return null;
}
