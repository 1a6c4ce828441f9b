import type { CleColonne, Colonne } from './classeur.columns.ts';
import type { Valeurs } from './classeur.rows.ts';

// The workbook's mandatory columns (docs/formats.md « Ligne bleue »): each column marked
// `obligatoireNouvelle`, and one of each pair below. One list for both checks: a new (blue) row
// must fill them, a row of an existing formation may not empty one the formation has.

export const CODE_CHAMP_OBLIGATOIRE = 'CLASSEUR_CHAMP_OBLIGATOIRE';

/** Pairs of columns of which one is enough, with what a new row is told. */
const UN_DES_DEUX: readonly { readonly cles: readonly [CleColonne, CleColonne]; readonly message: string }[] =
  [
    { cles: ['rncp', 'cfd'], message: 'indiquez le code RNCP ou le code diplôme (CFD).' },
    {
      cles: ['contactTelephone', 'contactCourriel'],
      message: 'indiquez un téléphone ou un courriel de contact.',
    },
  ];

export interface Manquant {
  readonly colonne: Colonne;
  readonly message: string;
}

/** The mandatory columns a new formation's row leaves empty. */
export function manquantsNouvelle(colonnes: readonly Colonne[], v: Valeurs): Manquant[] {
  const out: Manquant[] = [];
  for (const c of colonnes)
    if (c.obligatoireNouvelle && v[c.cle as CleColonne] == null)
      out.push({ colonne: c, message: 'obligatoire pour une nouvelle formation.' });
  for (const { cles, message } of UN_DES_DEUX)
    if (cles.every((k) => v[k] == null)) out.push({ colonne: parCle(colonnes, cles[0]), message });
  return out;
}

/** At most this many characters of a stored value are quoted. */
const CITATION = 100;
const cite = (x: string) => `« ${x.length > CITATION ? `${x.slice(0, CITATION)}…` : x} »`;

/**
 * The mandatory columns a row of an existing formation empties: `v` (the row, once read) leaves
 * empty what `offre` (the stored values the row is compared with) has. A column already empty in
 * Offre (a draft saved incomplete) is no error: the row does not change it.
 */
export function videsExistante(
  colonnes: readonly Colonne[],
  v: Valeurs,
  offre: Valeurs,
  /** Whether the row's cell of this column was read (a refused cell has its own error). */
  lue: (c: Colonne) => boolean,
): Manquant[] {
  const out: Manquant[] = [];
  const avant = (cle: CleColonne) => offre[cle] ?? null;
  for (const c of colonnes) {
    const x = avant(c.cle as CleColonne);
    if (c.obligatoireNouvelle && x !== null && v[c.cle as CleColonne] == null && lue(c))
      out.push({
        colonne: c,
        message: `ce champ est obligatoire, il ne peut pas être vidé : la formation garde sa valeur enregistrée (${cite(x)}).`,
      });
  }
  for (const { cles } of UN_DES_DEUX) {
    const paire = cles.map((k) => parCle(colonnes, k));
    const gardees = cles.map(avant).filter((x) => x !== null);
    if (gardees.length === 0 || cles.some((k) => v[k] != null) || !paire.every(lue)) continue;
    // Named by the column the row empties (the first of the two, when it empties both).
    const videe = avant(cles[0]) !== null ? 0 : 1;
    const valeurs =
      gardees.length === 1
        ? `sa valeur enregistrée (${cite(gardees[0]!)})`
        : `ses valeurs enregistrées (${gardees.map(cite).join(', ')})`;
    out.push({
      colonne: paire[videe]!,
      message: `cette colonne et « ${paire[1 - videe]!.entete} » ne peuvent pas être vides toutes les deux, l’une des deux est obligatoire : la formation garde ${valeurs}.`,
    });
  }
  return out;
}

const parCle = (colonnes: readonly Colonne[], cle: CleColonne) => colonnes.find((c) => c.cle === cle)!;

export const CODE_REFERENT_SANS_NOM = 'CLASSEUR_REFERENT_HANDICAP_SANS_NOM';

/**
 * A contact is a name with a telephone or a courriel (the form's « nom et téléphone ou courriel »,
 * domain/champs-obligatoires.ts): the référent handicap a row leaves without a name but with its
 * courriel, or with the telephone stored in Offre (the workbook has no column for it), is named
 * by nobody on the public page. Null when the row names it, leaves it unreachable, or changes
 * neither of its columns (`offre`: the stored values; {} for a new formation).
 */
export function referentSansNom(
  colonnes: readonly Colonne[],
  v: Valeurs,
  offre: Valeurs,
  /** The référent handicap's telephone stored in Offre (kept by the row). */
  telephone: string | null,
  /** Whether the row's cell of this column was read (a refused cell has its own error). */
  lue: (c: Colonne) => boolean,
  /** A new formation's row: it keeps nothing, its row gives the courriel. */
  nouvelle = false,
): Manquant | null {
  const nom = parCle(colonnes, 'handicapNom');
  const change = (['handicapNom', 'handicapCourriel'] as const).some(
    (k) => (offre[k] ?? null) !== (v[k] ?? null),
  );
  if (v.handicapNom != null || !change || !lue(nom)) return null;
  const courriel = v.handicapCourriel ?? null;
  if (courriel === null && !telephone) return null;
  const joignable =
    courriel !== null
      ? nouvelle
        ? `cette ligne donne son courriel (${cite(courriel)}) sans son nom`
        : `le référent handicap garde son courriel (${cite(courriel)})`
      : `le référent handicap garde son téléphone enregistré dans Offre (${cite(telephone!)})`;
  return {
    colonne: nom,
    message: `le nom du référent handicap est obligatoire : ${joignable}, le public lirait ses coordonnées sans savoir qui joindre. Indiquez son nom${courriel !== null ? ', ou videz aussi « Référent handicap courriel »' : ', ou retirez ce référent dans Offre'}.`,
  };
}
