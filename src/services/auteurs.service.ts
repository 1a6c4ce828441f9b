import type { Executor } from '../db/executor.ts';
import { nomsParLibelle } from '../db/utilisateur.repository.ts';

// Who made a decision, as the pages say it: history rows keep a stable label (`utilisateur:<email>`,
// `cle:<name>`, `systeme:<what>`, domain/acteur.ts acteurLabel); a person is shown by name.

/**
 * `utilisateur:ines@ac-lyon.fr` → « Inès Martin (ines@ac-lyon.fr) » (the e-mail alone if the account
 * has no name); `cle:SI Parcoursup` → « clé d’API SI Parcoursup »; `systeme:cli` → « système (cli) ».
 */
export function auteur(acteur: string, noms: ReadonlyMap<string, string>): string {
  const [k, ...r] = acteur.split(':');
  const v = r.join(':');
  if (k === 'utilisateur') {
    const nom = noms.get(acteur);
    return nom ? `${nom} (${v})` : v;
  }
  if (k === 'cle') return `clé d’API ${v}`;
  if (k === 'systeme') return `système (${v})`;
  return acteur;
}

/** Adds `auteur` (the display of `acteur`, above) to each history row, in one read of the names. */
export async function avecAuteurs<T extends { acteur: string }>(
  db: Executor,
  rows: readonly T[],
): Promise<(T & { auteur: string })[]> {
  const noms = await nomsParLibelle(
    db,
    rows.map((r) => r.acteur),
  );
  return rows.map((r) => ({ ...r, auteur: auteur(r.acteur, noms) }));
}
