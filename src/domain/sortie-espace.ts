import type { Statut } from './formation.schema.ts';

// Taking an offer out from the organisme's space (docs/espace.md « Archiver, supprimer le
// brouillon »): which of the two the page offers, by the offer's statut. The transitions are the
// workflow's (domain/workflow.ts): the API allows more (archiving a draft, deleting any offer);
// the page offers the one that fits each state.

export type Retrait = 'archiver' | 'supprimer';

/**
 * « Supprimer le brouillon » for a draft never validated; « Archiver » for an offer submitted,
 * returned or published (`validee`: it was validated once); nothing for an archived or deleted one.
 */
export function retraitPropose(statut: Statut, validee: boolean): Retrait | null {
  if (statut === 'brouillon') return validee ? 'archiver' : 'supprimer';
  if (statut === 'en_attente_validation' || statut === 'a_corriger' || statut === 'publiee')
    return 'archiver';
  return null;
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
