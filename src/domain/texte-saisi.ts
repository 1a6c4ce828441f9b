import { caractereInterdit, messageCaractere } from './caracteres-texte.ts';
import { erreurChamp } from './erreur-champ.ts';
import { OffreError } from './errors.ts';
import { longueur } from './issue-zod.ts';
import { nombre } from './nombres.ts';

// A text typed on an account or structure form (sign-up, invitation, administrators' form, CLI):
// the same characters refused as in a formation's texts (caracteres-texte.ts), and a bound said,
// never a text cut in silence (docs/contrat.md « Limites à l’écriture »). Pure.

/**
 * Where an input comes from, for messages that name its field: the CLI names its options
 * (`--siren`), a web form's error sits under the field it names (so says no option).
 */
export type Canal = 'cli' | 'formulaire';

/** Most characters of an account's and a structure's texts (code points, as the formation's). */
export const LONGUEURS_COMPTE = {
  raison_sociale: 300,
  nom: 200,
  /** A refusal's reason, e-mailed to the applicant: as long as a return comment. */
  motif: 5000,
} as const;

/**
 * The refusal of `valeur` (already trimmed) typed in `champ`, or null: CARACTERE_INTERDIT for a
 * forbidden character, TEXTE_TROP_LONG beyond `max`. `libelle`: the field as the channel names it
 * (« Nom (--nom) » on the command line); without it the message is the problem alone, a form
 * prefixing its own label (erreursLibellees). `multiligne`: line breaks and tabulations allowed.
 */
export function refusTexte(
  valeur: string | null | undefined,
  champ: string,
  max: number,
  o: { libelle?: string; multiligne?: boolean } = {},
): OffreError | null {
  if (!valeur) return null;
  const interdit = caractereInterdit(valeur, o.multiligne);
  const n = interdit ? 0 : longueur(valeur);
  if (!interdit && n <= max) return null;
  const probleme = interdit
    ? messageCaractere(interdit, o.multiligne)
    : `${nombre(max)} caractères au plus (${nombre(n)} saisis) : raccourcissez ce texte`;
  const message = o.libelle
    ? erreurChamp(o.libelle, probleme)
    : `${probleme.charAt(0).toUpperCase()}${probleme.slice(1)}.`;
  return new OffreError(interdit ? 'CARACTERE_INTERDIT' : 'TEXTE_TROP_LONG', message, { champ }, 400);
}
