import type { FormationInput } from '../../domain/formation.schema.ts';
import type { RevisionOuverte } from '../../domain/revision.ts';
import type { Cible, FormationVue } from './classeur.cibles.ts';
import { planMaj, scheduleCreation } from './classeur.plan.ts';
import type { Fenetre } from './classeur.rows.ts';

// The write of each target, planned once per import (planMaj is not cheap: a structured clone of
// the formation, its places rebuilt twice for an archiving): the analysis's report (which rows
// archive, which revision they abandon), a gestionnaire's région check, the preview's store check
// and the applied import all read the same plan.

/** What the import writes for one target: its new state, its id (none: created), archived after or not. */
export interface Ecriture {
  readonly input: FormationInput;
  readonly id: string | undefined;
  readonly archiver: boolean;
  /** The open revision the archiving abandons (planMaj), else null. */
  readonly revisionAbandonnee: RevisionOuverte | null;
}

/**
 * The write of each target (planMaj, scheduleCreation), computed once whichever steps read it —
 * the analysis's report, a gestionnaire's région check, the preview's store check, the applied
 * import. The targets are planned once their rows are all read: their rows must not change
 * afterwards.
 */
export function planificateur(
  formations: ReadonlyMap<string, FormationVue>,
  fenetre: Fenetre,
): (cible: Cible) => Ecriture {
  const faites = new WeakMap<Cible, Ecriture>();
  return (cible) => {
    const deja = faites.get(cible);
    if (deja) return deja;
    const vue = cible.formationId ? formations.get(cible.formationId) : undefined;
    const plan = vue ? planMaj(vue, cible, fenetre) : null;
    const ecriture: Ecriture = plan
      ? {
          input: plan.input,
          id: vue!.id,
          archiver: plan.archiver,
          revisionAbandonnee: plan.revisionAbandonnee,
        }
      : { input: scheduleCreation(cible), id: undefined, archiver: false, revisionAbandonnee: null };
    faites.set(cible, ecriture);
    return ecriture;
  };
}
