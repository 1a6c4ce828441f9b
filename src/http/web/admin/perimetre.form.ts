import { createHash } from 'node:crypto';
import { longueur } from '../../../domain/issue-zod.ts';
import { nombre } from '../../../domain/nombres.ts';
import { isPlateforme, STATUTS_DE_SCOPE } from '../../../domain/plateforme.ts';
import { NOMS_ACADEMIES } from '../../../domain/regles/academies.ts';
import type { RegleScopeInput } from '../../../services/plateforme.service.ts';
import type { ErreurChamp } from '../form/formulaire.ts';

// The scope-rule form of /admin/perimetre: its fields as typed, their checks (a French message per
// field, the same bounds as the API's body, src/contract/plateformes.ts), and the digest that ties
// a « Enregistrer » to the preview of the very same values.

export const CHAMPS_REGLE = [
  'plateforme',
  'niveau',
  'type_diplome',
  'duree',
  'annee_entree',
  'academie',
  'statut',
  'priorite',
  'actif',
] as const;
export type SaisieRegle = Record<(typeof CHAMPS_REGLE)[number], string>;

export const SAISIE_VIDE: SaisieRegle = {
  plateforme: '',
  niveau: '',
  type_diplome: '',
  duree: '',
  annee_entree: '',
  academie: '',
  statut: '',
  priorite: '100',
  actif: 'oui',
};

/** A stored rule as the form shows it. */
export function saisieDe(r: {
  plateforme: string;
  niveau: string | null;
  type_diplome: string | null;
  duree: number | null;
  annee_entree: number | null;
  academie: string | null;
  statut: string;
  priorite: number;
  actif: boolean;
}): SaisieRegle {
  return {
    plateforme: r.plateforme,
    niveau: r.niveau ?? '',
    type_diplome: r.type_diplome ?? '',
    duree: r.duree === null ? '' : String(r.duree),
    annee_entree: r.annee_entree === null ? '' : String(r.annee_entree),
    academie: r.academie ?? '',
    statut: r.statut,
    priorite: String(r.priorite),
    actif: r.actif ? 'oui' : 'non',
  };
}

function entier(
  erreurs: ErreurChamp[],
  champ: string,
  brut: string,
  min: number,
  max: number,
  libelle: string,
): number | null {
  const t = brut.trim();
  if (t === '') return null;
  const n = /^\d+$/.test(t) ? Number(t) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    erreurs.push({
      champ,
      message: `${libelle} : un nombre entier de ${nombre(min)} à ${nombre(max)} (saisi : « ${t} »).`,
    });
    return null;
  }
  return n;
}

/** The rule the form describes, or the errors of its fields (none stored). */
export function readRegle(s: SaisieRegle): { regle: RegleScopeInput | null; erreurs: ErreurChamp[] } {
  const erreurs: ErreurChamp[] = [];
  if (!isPlateforme(s.plateforme))
    erreurs.push({ champ: 'plateforme', message: 'Plateforme : choisissez Parcoursup ou Affelnet.' });
  const niveau = s.niveau.trim();
  if (niveau && !/^[3-8]$/.test(niveau))
    erreurs.push({
      champ: 'niveau',
      message: `Niveau de qualification : un chiffre de 3 à 8, ou vide pour tous les niveaux (saisi : « ${niveau} »).`,
    });
  const type = s.type_diplome.trim();
  // Characters as the API's schema counts them (code points: an emoji is one).
  if (longueur(type) > 30)
    erreurs.push({ champ: 'type_diplome', message: 'Type de diplôme : 30 caractères au plus.' });
  const duree = entier(erreurs, 'duree', s.duree, 1, 8, 'Durée');
  const annee = entier(erreurs, 'annee_entree', s.annee_entree, 1, 5, 'Année d’entrée');
  const academie = s.academie.trim();
  if (academie && !NOMS_ACADEMIES[academie])
    erreurs.push({
      champ: 'academie',
      message: 'Académie : choisissez une académie de la liste, ou aucune.',
    });
  if (!(STATUTS_DE_SCOPE as string[]).includes(s.statut))
    erreurs.push({ champ: 'statut', message: 'Statut donné : choisissez un statut de la liste.' });
  const priorite =
    s.priorite.trim() === '' ? null : entier(erreurs, 'priorite', s.priorite, 0, 10_000, 'Priorité');
  if (s.priorite.trim() === '')
    erreurs.push({
      champ: 'priorite',
      message: `Priorité : indiquez un nombre entier de 0 à ${nombre(10_000)}.`,
    });
  if (s.actif !== 'oui' && s.actif !== 'non')
    erreurs.push({ champ: 'actif', message: 'État : choisissez « Active » ou « Inactive ».' });
  if (erreurs.length) return { regle: null, erreurs };
  return {
    regle: {
      plateforme: s.plateforme as RegleScopeInput['plateforme'],
      niveau: niveau || null,
      type_diplome: type || null,
      duree,
      annee_entree: annee,
      academie: academie || null,
      statut: s.statut,
      priorite: priorite!,
      actif: s.actif === 'oui',
    },
    erreurs,
  };
}

/** Digest of a rule's values and of the version it changes: a save must match the preview shown. */
export const empreinteRegle = (r: RegleScopeInput, version: number) =>
  createHash('sha256')
    .update(JSON.stringify([version, ...CHAMPS_REGLE.map((k) => r[k] ?? null)]))
    .digest('base64url')
    .slice(0, 22);
