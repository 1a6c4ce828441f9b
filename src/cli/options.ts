import { type Command, Option } from 'commander';
import { invalide } from './program.ts';

// Option parsers for commander's argParser: a bad value stops before any work, with a French
// message naming the option (commander adds the name, program.ts translates the rest).

/** An integer ≥ min (e.g. --formations, --seed). */
export const entier =
  (min: number) =>
  (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min)
      throw invalide(`un entier ${min === 0 ? 'positif ou nul' : `supérieur ou égal à ${min}`} est attendu.`);
    return n;
  };

/** A TCP port, 0–65535. */
export function port(v: string): number {
  const n = entier(0)(v);
  if (n > 65535) throw invalide('un numéro de port entre 0 et 65535 est attendu.');
  return n;
}

/** A campaign year AAAA (e.g. --campagne 2027). */
export function annee(v: string): number {
  if (!/^\d{4}$/.test(v.trim())) throw invalide('une année AAAA est attendue.');
  return Number(v);
}

/**
 * An older spelling of an option kept working but hidden from the help: it fills the same value
 * as `target` (so a requiredOption is satisfied by either spelling; the old spelling of a negated
 * flag such as `--no-read-copy` sets it to false), and says on stderr which spelling to use.
 * Flags follow one rule (CONTRIBUTING.md, "Noms"): French domain nouns, English for the rest;
 * renamed flags keep their old spelling this way.
 */
export function ancienNom(cmd: Command, flags: string, target: string, parse?: (v: string) => unknown) {
  const opt = new Option(flags).hideHelp();
  if (parse) opt.argParser(parse);
  cmd.addOption(opt);
  const cible = cmd.options.find((o) => o.attributeName() === target && o !== opt);
  cmd.on(`option:${opt.name()}`, (v: string | undefined) => {
    const valeur = parse && v !== undefined ? parse(v) : (v ?? !cible?.negate);
    cmd.setOptionValueWithSource(target, valeur, 'cli');
    if (cible?.long)
      process.stderr.write(
        `Note : « ${opt.long} » est l’ancienne orthographe de « ${cible.long} », qui la remplace ; elle reste acceptée.\n`,
      );
  });
  return cmd;
}
