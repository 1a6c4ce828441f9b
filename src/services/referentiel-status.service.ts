import type { AppContext } from '../context.ts';
import * as repo from '../db/referentiel.repository.ts';

export interface StatutReferentiel {
  readonly kind: string;
  readonly jeu: string;
  readonly fichier: string;
  readonly date_fichier: string | null;
  readonly importe_le: string;
  readonly run_id: number;
  readonly lignes_lues: number;
  readonly lignes_gardees: number;
  readonly lignes_rejetees: number;
  readonly force: boolean;
  /** The built-in list shipped with Offre (communes of @etalab/decoupage-administratif), not a file. */
  readonly integree: boolean;
}

/** The hash prefix of a run of the built-in communes list (see ensureCommunesParDefaut). */
export const HASH_INTEGREE = '@etalab/decoupage-administratif@';

/** What is loaded: the latest run of every dataset, and the number of facts per table. */
export async function statutReferentiels(
  ctx: AppContext,
): Promise<{ runs: StatutReferentiel[]; faits: Record<string, number> }> {
  const runs = await repo.derniersRuns(ctx.db);
  return {
    runs: runs.map((r) => ({
      kind: r.kind,
      jeu: r.jeu,
      fichier: r.fichier,
      date_fichier: r.date_fichier ? new Date(r.date_fichier).toISOString() : null,
      importe_le: new Date(r.finished_at ?? r.started_at).toISOString(),
      run_id: r.id,
      lignes_lues: r.lignes_lues,
      lignes_gardees: r.lignes_gardees,
      lignes_rejetees: r.lignes_rejetees,
      force: r.force,
      integree: r.hash.startsWith(HASH_INTEGREE),
    })),
    faits: await repo.countFaits(ctx.db),
  };
}
