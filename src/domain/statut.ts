import type { Statut } from './formation.schema.ts';

/**
 * How people name an offer's statut (the codes are stored; docs/produit.md "La vie d'une offre"):
 * one source for pages, messages and exports.
 */
export const LIBELLE_STATUT: Readonly<Record<Statut, string>> = {
  brouillon: 'Brouillon',
  en_attente_validation: 'En attente de validation',
  a_corriger: 'À corriger',
  publiee: 'Publiée',
  archivee: 'Archivée',
  supprimee: 'Supprimée',
};
