import { type Command, Option } from 'commander';
import { ExportFiltres } from '../contract/params.ts';
import { estAnneeCampagne, MESSAGE_ANNEE_CAMPAGNE } from '../domain/campagne.ts';
import { type CodeErreur, estCodeErreur } from '../domain/errors.catalogue.ts';
import { OffreError } from '../domain/errors.ts';
import { commandeHebergee } from './hote.context.ts';
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

/**
 * The parser of a campaign year AAAA named `nom` (e.g. `--campagne`): the API's rule and message
 * (domain/campagne.ts) and its code, as a campaign that does not exist is refused
 * (« Erreur : --campagne « abc » : année de campagne AAAA attendue (ex. 2026). [CAMPAGNE_INVALIDE] »).
 */
export const annee =
  (nom: string) =>
  (v: string): number => {
    if (!estAnneeCampagne(v.trim()))
      throw new OffreError('CAMPAGNE_INVALIDE', `${nom} « ${v} » : ${MESSAGE_ANNEE_CAMPAGNE}.`, {}, 400);
    return Number(v);
  };

/**
 * Runs `fn`; a refusal with one of `codes` (CAMPAGNE_INCONNUE…) is said again, named by the
 * option that asked for it: « --campagne 2030 : La campagne 2030 … [CAMPAGNE_INCONNUE] ».
 */
export async function parOption<T>(
  option: string,
  valeur: unknown,
  codes: readonly CodeErreur[],
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof OffreError) || !codes.includes(e.code)) throw e;
    throw new OffreError(e.code, `${option} ${String(valeur)} : ${e.message}`, {}, e.status);
  }
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
    // Through the server (hote.ts), the calling CLI has already said it while parsing the same words.
    if (cible?.long && !commandeHebergee())
      process.stderr.write(
        `Note : « ${opt.long} » est l’ancienne orthographe de « ${cible.long} », qui la remplace ; elle reste acceptée.\n`,
      );
  });
  return cmd;
}

/**
 * One field of the exports' filters, checked by the API's own query schema (contract ExportFiltres):
 * a refusal with a catalogue code (REGION_INCONNUE, SIRET_INVALIDE) says it as the other commands'
 * errors do, « Erreur : --region : région « 99 » inconnue : … [REGION_INCONNUE] ».
 */
export const filtre = (nom: 'region' | 'siret') => (v: string) => {
  const r = ExportFiltres.shape[nom].safeParse(v);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const code = (issue as { params?: { code?: string } }).params?.code;
  if (!code || !estCodeErreur(code)) throw invalide(`${issue.message}.`);
  // The value, unless the message already names it (as the API's messages do).
  const valeur = issue.message.includes(`« ${v.trim()} »`) ? '' : ` « ${v} »`;
  throw new OffreError(code, `--${nom}${valeur} : ${issue.message}.`, {}, 400);
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
