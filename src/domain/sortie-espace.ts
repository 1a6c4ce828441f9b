import { OffreError } from './errors.ts';
import type { Statut } from './formation.schema.ts';
import { nomFormation } from './formation-nom.ts';
import { LIBELLE_STATUT } from './statut.ts';

// Taking an offer out from the organisme's space (docs/espace.md « Archiver, supprimer le
// brouillon »): which of the two the page offers, by the offer's statut. The transitions are the
// workflow's (domain/workflow.ts); who may delete what is one rule (suppressionPermise), applied by
// the page and the API alike (services/workflow.service.ts transitionTx). The API still allows
// archiving a draft, which the page does not offer (« supprimez-le plutôt »).

export type Retrait = 'archiver' | 'supprimer';

/**
 * May an actor delete an offer in `statut` (`validee`: it was validated once)? Deletion is soft and
 * reversible by a gestionnaire (PRODUCT.md « Archive / delete »): an organisme deletes only a draft
 * never validated — an offer that was submitted, validated or archived is archived instead (kept,
 * its sessions closed), whichever door it uses (pages or API); a gestionnaire or an administrator
 * (`validateur`), who restores, may delete any offer not already deleted.
 */
export function suppressionPermise(statut: Statut, validee: boolean, validateur: boolean): boolean {
  if (statut === 'supprimee') return false;
  return validateur || (statut === 'brouillon' && !validee);
}

/**
 * « Supprimer le brouillon » for a draft never validated; « Archiver » for an offer submitted,
 * returned or published (`validee`: it was validated once); nothing for an archived or deleted one.
 */
export function retraitPropose(statut: Statut, validee: boolean): Retrait | null {
  if (suppressionPermise(statut, validee, false)) return 'supprimer';
  if (statut === 'brouillon') return 'archiver';
  if (statut === 'en_attente_validation' || statut === 'a_corriger' || statut === 'publiee')
    return 'archiver';
  return null;
}

/**
 * TRANSITION_INVALIDE (409) of an organisme's deletion that suppressionPermise refuses, through the
 * API (the pages word it for the space: services/espace-sortie.service.ts refusRetrait).
 */
export function refusSuppression(row: {
  readonly id: string;
  readonly statut: Statut;
  readonly intitule: string | null;
  readonly cle_externe?: string | null;
}): OffreError {
  return new OffreError(
    'TRANSITION_INVALIDE',
    `Impossible de supprimer ${nomFormation(row)} : son statut est « ${LIBELLE_STATUT[row.statut]} », et seul un brouillon jamais publié se supprime. Archivez-la : elle ne sera plus diffusée (POST /formations/{id}/archiver).`,
    { statut: row.statut, formation_id: row.id },
    409,
  );
}

/** The tab of /espace where an offer taken out is found. */
export const ONGLET_DE: Readonly<Record<Retrait, string>> = {
  archiver: 'Archivées',
  supprimer: 'Supprimées',
};

/** The notice code of /espace after each (`?info=archivee|supprimee&formation=<id>`). */
export const INFO_DE: Readonly<Record<Retrait, 'archivee' | 'supprimee'>> = {
  archiver: 'archivee',
  supprimer: 'supprimee',
};

/** The retrait a notice code names, or null. */
export const retraitDeInfo = (info: unknown): Retrait | null =>
  info === INFO_DE.archiver ? 'archiver' : info === INFO_DE.supprimer ? 'supprimer' : null;

/** The notice of /espace once the offer is out: its title, where it now is, how it comes back. */
export function annonceRetrait(retrait: Retrait, intitule: string | null): string {
  const nom = intitule?.trim() ? `« ${intitule.trim()} »` : 'sans intitulé';
  return retrait === 'archiver'
    ? `Formation ${nom} archivée : elle n’est plus diffusée. Vous la retrouvez dans l’onglet « ${ONGLET_DE.archiver} » ; pour la faire revivre, publiez-la de nouveau depuis sa page.`
    : `Brouillon ${nom} supprimé. Vous le retrouvez dans l’onglet « ${ONGLET_DE.supprimer} » ; seul un gestionnaire de votre région peut le restaurer.`;
}
