import type { Executor } from '../db/executor.ts';
import { type EtatStocke, selectEtatsDeSonIdentite } from '../db/plateforme.repository.ts';
import { identiteOffre } from '../domain/plateforme.ts';
import type { FormationAControler } from '../domain/regles/types.ts';

// Platform states are stored per offer identity (domain/plateforme.ts identiteOffre), not per
// formation: when an offer's identity changes (one without cle_externe moves to other places),
// the row of its former identity stays — that identity's status memory — still naming the
// formation. What a formation's pages, the API, the platform feed and the instructeurs' list show
// is the state of its current identity, the one its decisions read and write
// (plateforme.service.ts), never a former one: the readers join on the identity computed in SQL
// (db/plateforme.repository.ts identiteSql), the writers compute it here (identiteDe), and
// test/db/identite-offre.test.ts checks that both agree.

/** The identity of offer `f`, as its platform states are keyed. */
export const identiteDe = (f: FormationAControler) =>
  identiteOffre({
    ...f,
    responsable_siret: f.responsable?.siret ?? null,
    lieux: f.sessions.map((s) => s.code_insee),
  });

/**
 * The stored states (one per platform at most) of formation `id`'s current identity; none when it
 * does not exist. One statement (the identity computed by the database), not the rules' whole read.
 */
export const etatsDeSonIdentite = (db: Executor, id: string): Promise<EtatStocke[]> =>
  selectEtatsDeSonIdentite(db, id);
