import { publieeHorsDiffusion } from './diffusion.ts';
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

/** The statut of a published offer that a blocking rule keeps out of diffusion (diffusion.ts). */
export const HORS_DIFFUSION = 'Publiée — hors diffusion';

/**
 * How every page names an offer's statut: its label, except a published offer out of diffusion,
 * never shown as « Publiée » alone (the organisme's and the gestionnaire's pages alike).
 */
export const libelleStatut = (o: { readonly statut: string; readonly catalogue: string | null }): string =>
  publieeHorsDiffusion(o) ? HORS_DIFFUSION : (LIBELLE_STATUT[o.statut as Statut] ?? o.statut);

/** Every label `libelleStatut` gives, in the life order of an offer (dashboards list them so). */
export const LIBELLES_STATUT: readonly string[] = Object.values(LIBELLE_STATUT).flatMap((l) =>
  l === LIBELLE_STATUT.publiee ? [l, HORS_DIFFUSION] : [l],
);
