import {
  devientNonDiffusable,
  type RegleBloquante,
  type ReglesModifiee,
  titreRegles,
} from '../../../domain/apercu-regles.ts';

// The preview of an import (LHEO, workbook), per formation modified: the blocking rules its update
// would introduce and clear (services/imports/apercu-regles.ts), in the table of formations
// modified (LHEO) or of the rows (workbook).

function Liste({ regles, quoi }: { regles: readonly RegleBloquante[]; quoi: 'introduites' | 'levees' }) {
  if (regles.length === 0) return null;
  return (
    <>
      <p class="fr-mb-1v">
        <strong>{titreRegles(regles.length, quoi)} :</strong>
      </p>
      <ul class="fr-mb-1w">
        {regles.map((r, i) => (
          <li key={i}>
            <code>{r.code}</code> : {r.message}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The cell of one formation: its rules introduced, then cleared, or that none changes. */
export function ReglesModifiees({ regles }: { regles: ReglesModifiee | undefined }) {
  if (!regles) return <>—</>;
  if (regles.introduites.length === 0 && regles.levees.length === 0)
    return <>Aucune règle bloquante introduite ni levée.</>;
  return (
    <>
      <Liste regles={regles.introduites} quoi="introduites" />
      <Liste regles={regles.levees} quoi="levees" />
    </>
  );
}

/** Under the formation's name, when its update would take it out of the Catalogue général. */
export function BadgeNonDiffusable({ regles }: { regles: ReglesModifiee | undefined }) {
  if (!devientNonDiffusable(regles)) return null;
  return <p class="fr-badge fr-badge--sm fr-badge--error fr-mt-1v">Deviendrait non diffusable</p>;
}
