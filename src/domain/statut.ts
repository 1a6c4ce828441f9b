import { publieeHorsDiffusion } from './diffusion.ts';
import type { Statut } from './formation.schema.ts';
import { NOMS_PLATEFORMES, type Plateforme } from './plateforme.ts';

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

/** What brings an offer back into instruction, by the statut that keeps it out (its workflow's next step). */
const SUITES_INSTRUCTION: Readonly<Partial<Record<Statut, string>>> = {
  brouillon:
    'L’organisme ne l’a pas encore envoyée en validation : elle entrera en instruction une fois envoyée puis validée par un gestionnaire.',
  en_attente_validation:
    'Elle attend la validation d’un gestionnaire : une fois validée, elle entrera en instruction.',
  a_corriger:
    'Un gestionnaire l’a renvoyée à l’organisme pour correction : une fois corrigée puis validée, elle reviendra en instruction.',
  archivee:
    'Elle est archivée : elle ne reviendra en instruction que si elle est de nouveau envoyée puis validée.',
};

/**
 * What brings an offer that is not in platform `p`'s instruction back into it (the instructeur's
 * page of such an offer): what its statut waits for; for a published one, what keeps it out — a
 * blocking rule (Non réglementaire), else the platform's scope (`horsPerimetre`), else no diffusion.
 */
export const suiteHorsInstruction = (
  o: { readonly statut: string; readonly catalogue: string | null; readonly horsPerimetre: boolean },
  p: Plateforme,
): string =>
  (Object.hasOwn(SUITES_INSTRUCTION, o.statut) ? SUITES_INSTRUCTION[o.statut as Statut] : undefined) ??
  (o.catalogue === 'non_reglementaire'
    ? 'Une règle bloquante la tient hors de la diffusion : une fois corrigée par l’organisme puis validée par un gestionnaire, elle reviendra en instruction, où vous pourrez décider de nouveau.'
    : o.horsPerimetre
      ? `Elle n’y entrera que si cela change : ${NOMS_PLATEFORMES[p]} ne reçoit que des offres validées du Catalogue général ouvertes à l’apprentissage.`
      : 'Elle n’est pas diffusée au public (recrutement fermé ou sessions retenues) : elle reviendra en instruction quand une de ses sessions le sera de nouveau.');
