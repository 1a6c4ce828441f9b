import type { FormationInput } from './formation.schema.ts';
import { sansEspaces } from './identifiants.ts';
import { isConventionnee } from './type-offre.ts';

// Where an import came from, and what it did for one SIREN (migration 0970): the organisme's page
// lists every import that changed its offer, whoever sent it (docs/espace.md, « Mes imports »).

export const ORIGINES_IMPORT = ['page', 'cli', 'api'] as const;
export type OrigineImport = (typeof ORIGINES_IMPORT)[number];

/**
 * One SIREN's part of an import: LHEO counts formations, a workbook counts rows (its report's
 * verdicts: nouvelle → creees, modifiee → modifiees, inchangee → inchangees, fermee → archivees,
 * erreur → rejetees).
 */
export interface ComptesImport {
  creees: number;
  modifiees: number;
  inchangees: number;
  archivees: number;
  rejetees: number;
}

export const comptesVides = (): ComptesImport => ({
  creees: 0,
  modifiees: 0,
  inchangees: 0,
  archivees: 0,
  rejetees: 0,
});

/** Whether the import changed or refused something of the SIREN's (else it is not recorded for it). */
export const aEffet = (c: ComptesImport): boolean => c.creees + c.modifiees + c.archivees + c.rejetees > 0;

const sirenDe = (siret: string | null | undefined): string | null => {
  const s = sansEspaces(siret ?? '');
  return /^\d{9}/.test(s) ? s.slice(0, 9) : null;
};

/**
 * The SIREN a formation sent for writing belongs to, as the store decides its owner
 * (formation.snapshot.ts sirenProprietaire): the mandataire's for a conventionné action naming one,
 * else the responsable's, the formateur's, the mandataire's; null when none has a SIRET.
 */
export function sirenDeLaSaisie(
  input: Partial<
    Pick<FormationInput, 'responsable' | 'formateur' | 'mandataire' | 'modalites' | 'financeurs' | 'sessions'>
  >,
): string | null {
  const conventionnee = isConventionnee({
    contrat_apprentissage: input.modalites?.contrat_apprentissage,
    financeurs: input.financeurs,
    sessions: input.sessions ?? [],
  });
  if (conventionnee && sirenDe(input.mandataire?.siret)) return sirenDe(input.mandataire?.siret);
  return (
    sirenDe(input.responsable?.siret) ?? sirenDe(input.formateur?.siret) ?? sirenDe(input.mandataire?.siret)
  );
}
