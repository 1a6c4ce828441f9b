import { auteur } from '../../../domain/acteur.ts';
import { publieeHorsDiffusion } from '../../../domain/diffusion.ts';
import type { Statut } from '../../../domain/formation.schema.ts';
import { type OrigineHistorique, origineImport } from '../../../domain/historique.ts';
import { HORS_DIFFUSION, LIBELLE_STATUT } from '../../../domain/statut.ts';

// How the space names statuts, verdicts and history actions (codes are stored; labels live here).

export { LIBELLE_STATUT as STATUT } from '../../../domain/statut.ts';

/** DSFR badge colour of each statut. */
const BADGE_STATUT: Readonly<Record<Statut, string>> = {
  brouillon: 'fr-badge--new',
  en_attente_validation: 'fr-badge--info',
  a_corriger: 'fr-badge--warning',
  publiee: 'fr-badge--success',
  archivee: '',
  supprimee: 'fr-badge--error',
};

export { HORS_DIFFUSION } from '../../../domain/statut.ts';

/**
 * The offer form's save button says what the click does for the offer's statut: a draft (or a new
 * offer) is saved as a draft; an offer waiting for validation keeps waiting, with the change (it is
 * validated as saved); a returned one is corrected, then sent again with « Publier »; on a
 * published offer each save is a revision sent at once for validation (formation.service.ts) —
 * its revision returned « à corriger » too, even saved unchanged (no « Publier » then).
 */
export const LIBELLE_ENREGISTRER: Readonly<Record<Statut, string>> = {
  brouillon: 'Enregistrer le brouillon',
  en_attente_validation: 'Enregistrer les modifications',
  a_corriger: 'Enregistrer les corrections',
  publiee: 'Enregistrer et envoyer pour validation',
  archivee: 'Enregistrer',
  supprimee: 'Enregistrer',
};

/**
 * The badge of an offer in the space (label, DSFR class): its statut, except a published offer
 * out of diffusion, which is not shown as « Publiée » alone.
 */
export function badgeDe(o: { readonly statut: Statut; readonly catalogue: string | null }) {
  return publieeHorsDiffusion(o)
    ? { libelle: HORS_DIFFUSION, classe: 'fr-badge--warning' }
    : { libelle: LIBELLE_STATUT[o.statut], classe: BADGE_STATUT[o.statut] };
}

export const CATALOGUE: Readonly<Record<string, string>> = {
  general: 'Catalogue général',
  non_reglementaire: 'Non réglementaire',
  inconnu: 'Conformité non calculée',
};

export const ACTION: Readonly<Record<string, string>> = {
  create: 'Création',
  update: 'Modification',
  publier: 'Demande de publication',
  valider: 'Validation',
  retourner: 'Retour « à corriger »',
  archiver: 'Archivage',
  supprimer: 'Suppression',
  restaurer: 'Restauration',
  revision: 'Modification proposée (révision)',
  revision_soumise: 'Révision renvoyée pour validation',
  revision_validee: 'Révision validée',
  revision_retournee: 'Révision retournée « à corriger »',
  // Written only when the offer came back to its published version (formation.service.ts).
  revision_abandonnee: 'Révision abandonnée : l’offre est revenue à sa version publiée',
};

/** How an import reached the offer, said after the action. */
export const VIA_IMPORT: Readonly<Record<OrigineHistorique, string>> = {
  lheo: 'via un import LHEO',
  classeur: 'via un classeur',
};

/** The command line's import actors (`offre import lheo|classeur`). */
const CLI_IMPORT = new Set(['systeme:import-lheo', 'systeme:import-classeur']);

/**
 * Who made a history entry and through what, without a preposition: « Claire (claire@cfa.fr) via
 * un classeur », « via l’API (clé « erp ») », « via un classeur envoyé par l’API (clé « erp ») »,
 * « via un import LHEO en ligne de commande », « Offre (données de démonstration) ». `origine`:
 * the entry's stored import (domain/historique.ts origineImport); `nom`: the actor as the page
 * names it (domain/acteur.ts `auteur`). The one wording of the organisme's and the gestionnaire's pages.
 */
export function auteurEtOrigine(
  acteur: string,
  origine?: string | null,
  nom: string = auteur(acteur, new Map()),
): string {
  const imp = origineImport(acteur, origine);
  const via = imp ? VIA_IMPORT[imp] : null;
  if (acteur.startsWith('cle:')) {
    const cle = auteur(acteur, new Map());
    return via ? `${via} envoyé par ${cle}` : `via ${cle}`;
  }
  if (via && CLI_IMPORT.has(acteur)) return `${via} en ligne de commande`;
  return `${nom}${via ? ` ${via}` : ''}`;
}

/**
 * `auteurEtOrigine` as said after an action and its date (`de`: after « Modifications »): « par
 * claire@cfa.fr », « par claire@cfa.fr via un import LHEO », « via l’API (clé « erp ») », « via
 * un import LHEO en ligne de commande », « par Offre (migration des données) ».
 */
export function parQui(acteur: string, origine?: string | null, preposition: 'par' | 'de' = 'par'): string {
  const qui = auteurEtOrigine(acteur, origine);
  return qui.startsWith('via ') ? qui : `${preposition} ${qui}`;
}

/**
 * The authors of a validated revision after « Modifications »: `parQui(…, 'de')` of each, one
 * phrase per acteur — an acteur that wrote it in several ways (a form and an LHEO import) is named
 * once: « de claire@cfa.fr (en partie via un import LHEO) », not « de claire@cfa.fr via un import
 * LHEO et de claire@cfa.fr ».
 */
export function deAuteurs(auteurs: readonly { acteur: string; origine?: string | null }[]): string {
  const parActeur = new Map<string, (string | null)[]>();
  for (const a of auteurs) parActeur.set(a.acteur, [...(parActeur.get(a.acteur) ?? []), a.origine ?? null]);
  return [...parActeur]
    .map(([acteur, origines]) => {
      if (origines.length === 1) return parQui(acteur, origines[0], 'de');
      const vias = [...new Set(origines.map((o) => origineImport(acteur, o)).filter((o) => o !== null))];
      const en = vias.map((o) => VIA_IMPORT[o]).join(' et ');
      return `${parQui(acteur, null, 'de')}${en ? ` (en partie ${en})` : ''}`;
    })
    .join(' et ');
}
