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
