import type { Executor } from '../db/executor.ts';
import { selectFormationRows } from '../db/formation.repository.ts';
import { visibiliteOf } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { vueSur } from '../domain/champs-professionnels.ts';
import { montreeAuPublic } from '../domain/diffusion.ts';
import { renderFormations } from './formation.view.ts';

// Which formations a reader may read: the rule of GET /formations/{id} (formation.service
// getFormation) for many ids at once — the rows its visibility selects (domain/acces.ts), minus
// those a reader of the public view is not shown (domain/diffusion.ts montreeAuPublic). A result
// that names another formation (FORM_DOUBLON) names only these (services/conformite.service.ts).

/** The ids among `ids` that `acteur` may read (GET /formations/{id} answers 200, not 404). */
export async function formationsLisibles(
  db: Executor,
  acteur: Acteur,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await selectFormationRows(db, [...new Set(ids)], visibiliteOf(acteur));
  const publiques = rows.filter((r) => vueSur(acteur, r.siren_proprietaire) === 'public');
  const cachees = new Set(
    (await renderFormations(db, publiques)).filter((f) => !montreeAuPublic(f)).map((f) => f.id),
  );
  return new Set(rows.map((r) => r.id).filter((id) => !cachees.has(id)));
}

/** What the readers of rule results need: the formations among `ids` they may read. */
export type Lisibles = (ids: readonly string[]) => Promise<ReadonlySet<string>>;

/** `formationsLisibles` for `acteur`, as the rule results' readers take it. */
export const lisiblesPar =
  (db: Executor, acteur: Acteur): Lisibles =>
  (ids) =>
    formationsLisibles(db, acteur, ids);
