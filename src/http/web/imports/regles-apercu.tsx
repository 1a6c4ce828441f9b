import {
  type CompteRegle,
  creeeNonDiffusable,
  devientNonDiffusable,
  messageRegle,
  type RegleBloquante,
  type ReglesModifiee,
  titreRegles,
} from '../../../domain/apercu-regles.ts';
import { nombre } from '../../../domain/nombres.ts';
import { TableDefilante } from '../table-defilante.tsx';

// The preview of an import (LHEO, workbook), per formation modified: the blocking rules its update
// would introduce and clear; per formation created, those it would fail (services/imports/apercu-regles.ts),
// in the tables of formations modified and created (LHEO) or of the rows (workbook).

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
            <code>{r.code}</code> : {messageRegle(r)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** The cell of one formation: its rules introduced, then cleared, or that none changes (a creation: that none fails). */
export function ReglesModifiees({ regles }: { regles: ReglesModifiee | undefined }) {
  if (!regles) return <>—</>;
  if (regles.introduites.length === 0 && regles.levees.length === 0)
    return (
      <>
        {regles.catalogue_avant === null
          ? 'Aucune règle bloquante en échec.'
          : 'Aucune règle bloquante introduite ni levée.'}
      </>
    );
  return (
    <>
      <Liste regles={regles.introduites} quoi="introduites" />
      <Liste regles={regles.levees} quoi="levees" />
    </>
  );
}

/**
 * Under the formation's name, when its update would take it out of the Catalogue général, or when
 * the formation it creates would be Non réglementaire.
 */
export function BadgeNonDiffusable({ regles }: { regles: ReglesModifiee | undefined }) {
  if (devientNonDiffusable(regles))
    return <p class="fr-badge fr-badge--sm fr-badge--error fr-mt-1v">Deviendrait non diffusable</p>;
  if (creeeNonDiffusable(regles))
    return <p class="fr-badge fr-badge--sm fr-badge--error fr-mt-1v">Ne serait pas diffusable</p>;
  return null;
}

/**
 * Each blocking rule introduced or cleared, counted over every formation of the file (the lists
 * stop at `max`): one row per code.
 */
export function ReglesParCode({ comptes, phrase }: { comptes: readonly CompteRegle[]; phrase: string }) {
  if (comptes.length === 0) return null;
  return (
    <>
      <h2 class="fr-mt-4w">Règles bloquantes, par code</h2>
      <p>{phrase}</p>
      <TableDefilante nom="Règles bloquantes introduites ou levées" classes="fr-table--no-caption">
        <caption>Règles bloquantes introduites ou levées, par code</caption>
        <thead>
          <tr>
            <th scope="col">Code</th>
            <th scope="col">Formations où elle serait introduite</th>
            <th scope="col">Formations où elle serait levée</th>
          </tr>
        </thead>
        <tbody>
          {comptes.map((c) => (
            <tr key={c.code}>
              <td>
                <code>{c.code}</code>
              </td>
              <td>{nombre(c.introduites)}</td>
              <td>{nombre(c.levees)}</td>
            </tr>
          ))}
        </tbody>
      </TableDefilante>
    </>
  );
}
