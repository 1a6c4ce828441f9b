import { type Command, Option } from 'commander';
import { ExportFiltres } from '../contract/params.ts';
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

/** One field of the exports' filters, checked by the API's own query schema (contract ExportFiltres). */
const filtre = (nom: 'region' | 'siret') => (v: string) => {
  const r = ExportFiltres.shape[nom].safeParse(v);
  if (!r.success) throw invalide(`${r.error.issues[0]!.message}.`);
  return r.data;
};

/**
 * Adds `--region` and `--siret` to an export command (`offre export lheo|csv|xlsx`): the same
 * filters, with the same rules and messages, as `GET /exports/…?region=&siret=`.
 */
export function filtresExport(cmd: Command): Command {
  return cmd
    .option(
      '--region <code>',
      'seulement les formations ayant une session dans cette région (code INSEE, ex. 84)',
      filtre('region'),
    )
    .option(
      '--siret <siret>',
      'seulement les formations de cet établissement (responsable, formateur ou mandataire) : le fichier d’un organisme',
      filtre('siret'),
    );
}
