import { dateHeureLongue } from '../../../domain/dates.ts';
import { auteur } from '../../../services/auteurs.service.ts';

// How the gestionnaire's pages read the codes of the queue, the review and the dashboard.

export const VERDICT: Readonly<Record<string, string>> = {
  general: 'Catalogue général',
  non_reglementaire: 'Non réglementaire',
  non_calcule: 'Non calculé',
};

export const NATURE: Readonly<Record<string, string>> = {
  nouvelle: 'Nouvelle publication',
  revision: 'Révision d’une offre publiée',
};

export const TYPE_OFFRE: Readonly<Record<string, string>> = {
  apprentissage: 'Apprentissage',
  autre: 'Hors apprentissage',
};

export const ACTION_HISTORIQUE: Readonly<Record<string, string>> = {
  create: 'Création',
  update: 'Modification',
  publier: 'Publication (soumise à validation)',
  valider: 'Validation',
  retourner: 'Retour à l’organisme',
  archiver: 'Archivage',
  supprimer: 'Suppression',
  restaurer: 'Restauration',
  revision: 'Révision proposée',
  revision_soumise: 'Révision renvoyée pour validation',
  revision_validee: 'Révision validée',
  revision_retournee: 'Révision retournée à l’organisme',
  // Written only when the offer came back to its published version (formation.service.ts).
  revision_abandonnee: 'Révision abandonnée : l’offre est revenue à sa version publiée',
};

/** « aujourd’hui », « 1 jour », « 12 jours ». */
export const age = (jours: number) =>
  jours === 0 ? 'aujourd’hui' : jours === 1 ? '1 jour' : `${jours} jours`;

/** When something happened, `jours` days ago: « aujourd’hui », « il y a 1 jour », « il y a N jours ». */
export const ilYa = (jours: number) => (jours === 0 ? 'aujourd’hui' : `il y a ${age(jours)}`);

/** `utilisateur:x@y.fr` → `x@y.fr`; `systeme:demo` → « Offre (données de démonstration) » (domain/acteur.ts). */
export const qui = (acteur: string): string => auteur(acteur, new Map());

export const dateHeure = (d: Date) => dateHeureLongue(d);
