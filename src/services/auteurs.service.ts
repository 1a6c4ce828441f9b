import type { Executor } from '../db/executor.ts';
import { nomsParLibelle } from '../db/utilisateur.repository.ts';
import { auteur } from '../domain/acteur.ts';

export { auteur } from '../domain/acteur.ts';

// Who made a decision, as the pages say it: history rows keep a stable label (`utilisateur:<email>`,
// `cle:<name>`, `systeme:<what>`, domain/acteur.ts acteurLabel); a person is shown by name.

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
