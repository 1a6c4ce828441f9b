/** A blocking rule that validating would make the diffused offer fail. */
export interface RegleRetrait {
  readonly code: string;
  readonly message: string;
}

/** What `retraitDeDiffusion` reads of a revision's conformity (services/conformite.service.ts). */
export interface ControlesRevision {
  readonly verdict: { readonly catalogue: string };
  readonly revision: readonly {
    readonly code: string;
    readonly message: string;
    readonly resultat: string;
    readonly severite: string;
  }[];
}

/**
 * The blocking rules that would take a diffused offer out of diffusion if its pending revision were
 * validated: empty unless the offer is published, in the Catalogue général, and its revision would
 * be Non réglementaire (RULES.md « bloquant », docs/gestion.md). A first publication or a
 * re-publication is not diffused yet: validating it takes nothing out of diffusion.
 */
export function retraitDeDiffusion(
  offre: { readonly statut: string; readonly catalogue: string | null },
  controles: ControlesRevision | null | undefined,
): RegleRetrait[] {
  if (offre.statut !== 'publiee' || offre.catalogue !== 'general' || !controles) return [];
  if (controles.verdict.catalogue !== 'non_reglementaire') return [];
  return controles.revision
    .filter((x) => x.resultat === 'echec' && x.severite === 'bloquant')
    .map((x) => ({ code: x.code, message: x.message }));
}
