import type { OrgRef } from './formation.snapshot.ts';

// One establishment (a SIRET) may have several UAIs (a lycée and its UFA): each formation keeps its
// role's own (formation.*_uai, migration 0670), and the establishment's row keeps the first one
// known — the default of a new role (formation.snapshot.ts orgRef) and what its public page shows.

/** The first of `uais` that is known (neither null nor undefined), else null: the stored one first. */
export function premierUaiConnu(...uais: readonly (string | null | undefined)[]): string | null {
  for (const uai of uais) if (uai != null) return uai;
  return null;
}

/**
 * The establishment's row once the writer's description `ecrit` is upserted over the stored row
 * `connu` (undefined: created): the writer's SIRET, name and NDA, and the first known UAI
 * (premierUaiConnu). The store's upsert says the same in SQL, atomically under concurrent writers
 * (db/formation.repository.ts upsertOrganismes: `coalesce(organisme.uai, excluded.uai)`).
 */
export function organismeEcrit(connu: OrgRef | undefined, ecrit: OrgRef): OrgRef {
  return {
    siret: ecrit.siret,
    uai: premierUaiConnu(connu?.uai, ecrit.uai),
    raison_sociale: ecrit.raison_sociale,
    nda: ecrit.nda,
  };
}
