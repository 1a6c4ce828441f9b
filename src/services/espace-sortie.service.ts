import type { AppContext } from '../context.ts';
import type { FormationRow } from '../db/formation.repository.ts';
import type { Acteur } from '../domain/acteur.ts';
import { OffreError } from '../domain/errors.ts';
import type { Statut } from '../domain/formation.schema.ts';
import { ONGLET_DE, type Retrait, retraitPropose } from '../domain/sortie-espace.ts';
import { LIBELLE_STATUT } from '../domain/statut.ts';
import { rowDe } from './espace.service.ts';
import { garderVersion, versionManquante } from './espace-version.ts';
import { lockWritable } from './formation.service.ts';
import { transitionTx } from './workflow.service.ts';

// « Archiver » and « Supprimer le brouillon » from the organisme's space (docs/espace.md): the
// API's transitions (workflow.service.ts transitionTx: same rules, same history entries, same
// change-feed events), each offered for the states its page shows it (domain/sortie-espace.ts).

const nom = (row: Pick<FormationRow, 'intitule'>) =>
  row.intitule?.trim() ? `La formation « ${row.intitule.trim()} »` : 'Cette formation';

/**
 * Why `retrait` is refused on `row` as it stands (TRANSITION_INVALIDE, 409), or null when the
 * page offers it: said in French, naming the formation and where it is.
 */
export function refusRetrait(row: FormationRow, retrait: Retrait): OffreError | null {
  const propose = retraitPropose(row.statut, !!row.validee_at);
  if (propose === retrait) return null;
  const statut = LIBELLE_STATUT[row.statut];
  const message =
    row.statut === 'archivee'
      ? `${nom(row)} est déjà archivée : rien n’a été fait. Vous la retrouvez dans l’onglet « Archivées » de votre espace ; pour la faire revivre, publiez-la de nouveau.`
      : row.statut === 'supprimee'
        ? `${nom(row)} est déjà supprimée : rien n’a été fait. Vous la retrouvez dans l’onglet « Supprimées » de votre espace ; seul un gestionnaire de votre région peut la restaurer.`
        : retrait === 'supprimer'
          ? `${nom(row)} n’est pas un brouillon jamais publié (son statut est « ${statut} ») : elle ne se supprime pas depuis votre espace. Archivez-la : elle ne sera plus diffusée.`
          : `${nom(row)} est un brouillon jamais publié : supprimez-le plutôt (« Supprimer le brouillon »).`;
  return new OffreError('TRANSITION_INVALIDE', message, { statut: row.statut }, 409);
}

/** The offer `id` if `retrait` may be confirmed now (404 outside the actor's SIREN; 409 otherwise). */
export async function rowARetirer(ctx: AppContext, acteur: Acteur, id: string, retrait: Retrait) {
  const row = await rowDe(ctx.db, acteur, id);
  const refus = refusRetrait(row, retrait);
  if (refus) throw refus;
  return row;
}

/**
 * Archives the offer `id` or deletes its draft (`retrait`), in one transaction on the locked row.
 * `statutVu`: the statut the confirmation page showed; if the offer changed since (validated,
 * submitted by a colleague…), nothing is done (ECRITURE_CONCURRENTE, 409): what was confirmed is
 * not what would happen. `versionVue`: the version the confirmation showed (espace-version.ts),
 * required as for « Abandonner la révision » (absent or blank: VERSION_MANQUANTE, 400, after the
 * refusals of an offer that cannot be withdrawn or whose statut changed); an offer changed since
 * — a revision proposed, which archiving would abandon — is refused (FORMATION_MODIFIEE, 409). Returns the offer's title and the tab where it now is.
 */
export async function retirerFormation(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  retrait: Retrait,
  statutVu: string | undefined,
  versionVue: string | undefined,
): Promise<{ intitule: string | null; onglet: string }> {
  return ctx.db.transaction().execute(async (trx) => {
    await rowDe(trx, acteur, id);
    const row = await lockWritable(trx, acteur, id);
    const refus = refusRetrait(row, retrait);
    if (refus) throw refus;
    if (statutVu && statutVu !== row.statut)
      throw new OffreError(
        'ECRITURE_CONCURRENTE',
        `${nom(row)} a changé de statut depuis l’affichage de la confirmation (« ${
          LIBELLE_STATUT[statutVu as Statut] ?? statutVu
        } » → « ${LIBELLE_STATUT[row.statut]} ») : rien n’a été fait. Revenez à la formation, relisez-la, puis recommencez si besoin.`,
        { statut: row.statut },
        409,
      );
    if (!versionVue) throw versionManquante('retrait');
    await garderVersion(trx, acteur, id, versionVue, 'retrait');
    await transitionTx(trx, acteur, id, retrait, ctx.now());
    return { intitule: row.intitule, onglet: ONGLET_DE[retrait] };
  });
}
