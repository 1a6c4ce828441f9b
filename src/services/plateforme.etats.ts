import type { Executor } from '../db/executor.ts';
import { type EtatStocke, loadEtats, selectIdentiteSource } from '../db/plateforme.repository.ts';
import { identiteOffre } from '../domain/plateforme.ts';
import type { FormationAControler } from '../domain/regles/types.ts';

// Platform states are stored per offer identity (domain/plateforme.ts identiteOffre), not per
// formation: when an offer's identity changes (one without cle_externe moves to other places),
// the row of its former identity stays — that identity's status memory — still naming the
// formation. What a formation's pages and the API show is the state of its current identity, the
// one its decisions read and write (plateforme.service.ts), never a former one.

/** The identity of offer `f`, as its platform states are keyed. */
export const identiteDe = (f: FormationAControler) =>
  identiteOffre({
    ...f,
    responsable_siret: f.responsable?.siret ?? null,
    lieux: f.sessions.map((s) => s.code_insee),
  });

/**
 * The stored states (one per platform at most) of formation `id`'s current identity; none when it
 * does not exist. Two statements (its identity's parts, then the states), not the rules' whole read.
 */
export async function etatsDeSonIdentite(db: Executor, id: string): Promise<EtatStocke[]> {
  const source = await selectIdentiteSource(db, id);
  return source ? [...(await loadEtats(db, [identiteOffre(source)])).values()] : [];
}
