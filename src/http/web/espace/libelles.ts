import type { Statut } from '../../../domain/formation.schema.ts';

// How the space names statuts, verdicts and history actions (codes are stored; labels live here).

export { LIBELLE_STATUT as STATUT } from '../../../domain/statut.ts';

/** DSFR badge colour of each statut. */
export const BADGE_STATUT: Readonly<Record<Statut, string>> = {
  brouillon: 'fr-badge--new',
  en_attente_validation: 'fr-badge--info',
  a_corriger: 'fr-badge--warning',
  publiee: 'fr-badge--success',
  archivee: '',
  supprimee: 'fr-badge--error',
};

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
  revision_soumise: 'Révision soumise à nouveau',
  revision_validee: 'Révision validée',
  revision_retournee: 'Révision retournée « à corriger »',
  revision_abandonnee: 'Révision abandonnée',
};

/** 'utilisateur:claire@cfa.fr' → 'claire@cfa.fr'; 'cle:erp' → 'clé d’API « erp »'. */
export function acteurLisible(a: string): string {
  const [kind, ...rest] = a.split(':');
  const nom = rest.join(':');
  if (kind === 'utilisateur') return nom;
  if (kind === 'cle') return `clé d’API « ${nom} »`;
  if (kind === 'systeme') return `Offre (${nom})`;
  return a;
}
