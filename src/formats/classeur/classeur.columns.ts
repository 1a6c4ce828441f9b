// The campaign workbook's columns (docs/contrat.md « Classeur de campagne »): the one list the writer, the
// reader and the error copy share. Headers are part of the public contract: never rename them.

import { DUREE_ANNEES } from '../../domain/formation.schema.ts';

export const FEUILLE_OFFRE = 'Offre';
export const FEUILLE_CONVENTIONS = 'Conventions';
export const COLONNE_ERREURS = 'Erreurs';

/** formation: a value of the formation (shared by its rows); lieu: a value of the place's session. */
export type Portee = 'reference' | 'formation' | 'lieu' | 'date';
export type Genre =
  | 'texte'
  | 'siret'
  | 'uai'
  | 'entier'
  | 'annees'
  | 'ouinon'
  | 'date'
  | 'courriel'
  | 'telephone';

export interface Colonne {
  readonly cle: string;
  readonly entete: string;
  readonly portee: Portee;
  readonly genre: Genre;
  readonly largeur: number;
  /** Longest value the store accepts (formation.schema.ts). */
  readonly max?: number;
  /** Mandatory on a new (blue) row. */
  readonly obligatoireNouvelle?: boolean;
  /** An `entier` column's inclusive bounds, as the store's schema has them (default 0 to 100 000). */
  readonly bornes?: { readonly min: number; readonly max: number };
}

const col = (
  cle: string,
  entete: string,
  portee: Portee,
  genre: Genre,
  largeur: number,
  extra: Partial<Pick<Colonne, 'max' | 'obligatoireNouvelle' | 'bornes'>> = {},
): Colonne => Object.freeze({ cle, entete, portee, genre, largeur, ...extra });

const FIXES = [
  col('reference', 'Référence formation', 'reference', 'texte', 30),
  col('intitule', 'Intitulé', 'formation', 'texte', 45, { max: 2000, obligatoireNouvelle: true }),
  col('objectif', 'Objectif', 'formation', 'texte', 50, { max: 20_000, obligatoireNouvelle: true }),
  col('rncp', 'Code RNCP', 'formation', 'texte', 14, { max: 20 }),
  col('cfd', 'Code diplôme (CFD)', 'formation', 'texte', 14, { max: 10 }),
  col('siretResponsable', 'SIRET responsable', 'formation', 'siret', 18, { obligatoireNouvelle: true }),
  col('uaiResponsable', 'UAI responsable', 'formation', 'uai', 12),
  col('siretFormateur', 'SIRET formateur', 'formation', 'siret', 18, { obligatoireNouvelle: true }),
  col('uaiFormateur', 'UAI formateur', 'formation', 'uai', 12),
  col('adresse', 'Adresse du lieu', 'lieu', 'texte', 35, { max: 500, obligatoireNouvelle: true }),
  col('codePostal', 'Code postal', 'lieu', 'texte', 10, { max: 10, obligatoireNouvelle: true }),
  col('commune', 'Commune', 'lieu', 'texte', 22, { max: 200, obligatoireNouvelle: true }),
  col('uaiLieu', 'UAI du lieu', 'lieu', 'uai', 12),
  col('duree', 'Durée cycle (années)', 'formation', 'entier', 10, {
    obligatoireNouvelle: true,
    bornes: DUREE_ANNEES,
  }),
  col('annees', 'Années en apprentissage', 'formation', 'annees', 12, { obligatoireNouvelle: true }),
  col('contratPro', 'Contrat de professionnalisation', 'formation', 'ouinon', 14, {
    obligatoireNouvelle: true,
  }),
  col('formationContinue', 'Formation continue', 'formation', 'ouinon', 12, { obligatoireNouvelle: true }),
  col('capacite', 'Capacité', 'lieu', 'entier', 10),
  col('contactNom', 'Contact nom', 'formation', 'texte', 22, { max: 200, obligatoireNouvelle: true }),
  col('contactTelephone', 'Contact téléphone', 'formation', 'telephone', 16, { max: 40 }),
  col('contactCourriel', 'Contact courriel', 'formation', 'courriel', 28, { max: 320 }),
  col('handicapNom', 'Référent handicap nom', 'formation', 'texte', 22, { max: 200 }),
  col('handicapCourriel', 'Référent handicap courriel', 'formation', 'courriel', 28, { max: 320 }),
] as const;

export const enteteDebut = (annee: number) => `Date de début ${annee}`;
export const enteteFin = (annee: number) => `Date de fin ${annee}`;

/** Every column of the workbook of campaign `annee`, in contract order. */
export function colonnesClasseur(annee: number): readonly Colonne[] {
  return [
    ...FIXES,
    col('debut', enteteDebut(annee), 'date', 'date', 14),
    col('fin', enteteFin(annee), 'date', 'date', 14),
  ];
}

export type CleColonne = (typeof FIXES)[number]['cle'] | 'debut' | 'fin';

/** The campaign year read from the last two headers, or null when they are not `Date de début/fin YYYY`. */
export function anneeDesEntetes(entetes: readonly string[]): number | null {
  const debut = /^Date de début (\d{4})$/.exec(entetes[FIXES.length] ?? '');
  const fin = /^Date de fin (\d{4})$/.exec(entetes[FIXES.length + 1] ?? '');
  if (!debut || !fin || debut[1] !== fin[1]) return null;
  return Number(debut[1]);
}

export const NB_COLONNES = FIXES.length + 2;
