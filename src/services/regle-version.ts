import { dateHeureLongue } from '../domain/dates.ts';
import { OffreError } from '../domain/errors.ts';
import { type IfMatch, verifierIfMatch } from '../domain/if-match.ts';

// A save of a platform scope rule carries the version of the rule it was made on, as the other
// writes do: the page's hidden `version` (REGLE_MODIFIEE, 409) or the API's optional If-Match (its
// ETag, the rule's `version` between quotes: PRECONDITION_ECHOUEE, 412). Checked under the rule's
// row lock, in the save's transaction: two saves of one rule follow each other, the second refused.

/** What a save of a rule expects of it (absent: not checked). */
export interface AttenduRegle {
  /** The version the page showed (its hidden `version` field). */
  readonly version?: number;
  /** The API's If-Match. */
  readonly siMatch?: IfMatch;
}

/** Refuses a save of rule `actuelle` (locked by the caller) made on another version than the current one. */
export function garderVersionRegle(
  actuelle: { readonly id: number; readonly version: number; readonly updated_at: Date | string },
  attendue: AttenduRegle,
): void {
  const { id, version } = actuelle;
  const quand = dateHeureLongue(new Date(actuelle.updated_at));
  if (attendue.version !== undefined && attendue.version !== version)
    throw new OffreError(
      'REGLE_MODIFIEE',
      `La règle n° ${id} a été modifiée depuis l’ouverture de la page (version ${version}, enregistrée le ${quand}) : rien n’a été enregistré.`,
      { champ: 'version', version_actuelle: version },
      409,
    );
  verifierIfMatch(
    attendue.siMatch,
    String(version),
    `de la règle de périmètre n° ${id}`,
    `elle a été enregistrée depuis votre lecture (le ${quand} ; GET /api/v1/plateformes/regles/${id}/historique dit par qui et quoi) ; rien n’a été enregistré. Relisez-la (GET /api/v1/plateformes/regles/${id}), reportez-y votre modification, puis renvoyez-la avec le nouvel ETag.`,
  );
}
