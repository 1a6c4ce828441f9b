// The campaign workbook's columns (docs/contrat.md « Classeur de campagne »): the one list the writer, the
// reader and the error copy share. Headers are part of the public contract: never rename them.

import { DUREE_ANNEES, LONGUEURS_MAX } from '../../domain/formation.schema.ts';

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
  /**
   * The store's fields the column writes (paths of FormationInput, `*` for a list's index): the one
   * correspondence the plan (classeur.plan.ts) and the store refusals' columns (colonnesDuChamp) read.
   * Empty only for the reference, which writes nothing.
   */
  readonly champs: readonly string[];
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
  champs: readonly string[],
  extra: Partial<Pick<Colonne, 'max' | 'obligatoireNouvelle' | 'bornes'>> = {},
): Colonne =>
  Object.freeze({ cle, entete, portee, genre, largeur, champs: Object.freeze([...champs]), ...extra });

const FIXES = [
  col('reference', 'Référence formation', 'reference', 'texte', 30, []),
  col('intitule', 'Intitulé', 'formation', 'texte', 45, ['intitule'], {
    max: LONGUEURS_MAX.intitule,
    obligatoireNouvelle: true,
  }),
  col('objectif', 'Objectif', 'formation', 'texte', 50, ['objectif'], {
    max: 20_000,
    obligatoireNouvelle: true,
  }),
  col('rncp', 'Code RNCP', 'formation', 'texte', 14, ['certification.rncp'], { max: 20 }),
  col('cfd', 'Code diplôme (CFD)', 'formation', 'texte', 14, ['certification.cfd'], { max: 10 }),
  col('siretResponsable', 'SIRET responsable', 'formation', 'siret', 18, ['responsable.siret'], {
    obligatoireNouvelle: true,
  }),
  col('uaiResponsable', 'UAI responsable', 'formation', 'uai', 12, ['responsable.uai']),
  col('siretFormateur', 'SIRET formateur', 'formation', 'siret', 18, ['formateur.siret'], {
    obligatoireNouvelle: true,
  }),
  col('uaiFormateur', 'UAI formateur', 'formation', 'uai', 12, ['formateur.uai']),
  col('adresse', 'Adresse du lieu', 'lieu', 'texte', 35, ['sessions.*.lieu.adresse'], {
    max: 500,
    obligatoireNouvelle: true,
  }),
  col('codePostal', 'Code postal', 'lieu', 'texte', 10, ['sessions.*.lieu.code_postal'], {
    max: 10,
    obligatoireNouvelle: true,
  }),
  col('commune', 'Commune', 'lieu', 'texte', 22, ['sessions.*.lieu.commune'], {
    max: 200,
    obligatoireNouvelle: true,
  }),
  col('uaiLieu', 'UAI du lieu', 'lieu', 'uai', 12, ['sessions.*.lieu.uai']),
  col('duree', 'Durée cycle (années)', 'formation', 'entier', 10, ['modalites.duree_annees'], {
    obligatoireNouvelle: true,
    bornes: DUREE_ANNEES,
  }),
  col('annees', 'Années en apprentissage', 'formation', 'annees', 12, ['modalites.annees_apprentissage'], {
    obligatoireNouvelle: true,
  }),
  col(
    'contratPro',
    'Contrat de professionnalisation',
    'formation',
    'ouinon',
    14,
    ['modalites.contrat_professionnalisation'],
    {
      obligatoireNouvelle: true,
    },
  ),
  col(
    'formationContinue',
    'Formation continue',
    'formation',
    'ouinon',
    12,
    ['modalites.formation_continue'],
    { obligatoireNouvelle: true },
  ),
  col('capacite', 'Capacité', 'lieu', 'entier', 10, ['sessions.*.capacite']),
  col('contactNom', 'Contact nom', 'formation', 'texte', 22, ['contacts.*.nom'], {
    max: 200,
    obligatoireNouvelle: true,
  }),
  col('contactTelephone', 'Contact téléphone', 'formation', 'telephone', 16, ['contacts.*.telephone'], {
    max: 40,
  }),
  col('contactCourriel', 'Contact courriel', 'formation', 'courriel', 28, ['contacts.*.courriel'], {
    max: 320,
  }),
  col('handicapNom', 'Référent handicap nom', 'formation', 'texte', 22, ['contacts.*.nom'], { max: 200 }),
  col(
    'handicapCourriel',
    'Référent handicap courriel',
    'formation',
    'courriel',
    28,
    ['contacts.*.courriel'],
    { max: 320 },
  ),
] as const;

export const enteteDebut = (annee: number) => `Date de début ${annee}`;
export const enteteFin = (annee: number) => `Date de fin ${annee}`;

/** Every column of the workbook of campaign `annee`, in contract order. */
export function colonnesClasseur(annee: number): readonly Colonne[] {
  return [
    ...FIXES,
    col('debut', enteteDebut(annee), 'date', 'date', 14, ['sessions.*.debut']),
    col('fin', enteteFin(annee), 'date', 'date', 14, ['sessions.*.fin']),
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

const ENTETES_LIEU: ReadonlySet<string> = new Set(
  FIXES.filter((c) => c.portee === 'lieu').map((c) => c.entete),
);

/** Is `entete` the header of a session's column (its place, its capacity, its dates of any campaign)? */
export const enteteDeSession = (entete: string): boolean =>
  ENTETES_LIEU.has(entete) || /^Date de (début|fin) \d{4}$/.test(entete);

/**
 * What a store field path (`details.erreurs[].champ` of a refusal: `contacts.0.courriel`,
 * `modalites.duree_annees`) is attached to: a modalité on its own, else the object it belongs to
 * (`certification`, `responsable`, `formateur`, `contacts`, `sessions`).
 */
const racine = (champ: string) => {
  const [tete, suite] = champ.split('.', 2);
  return tete === 'modalites' ? (suite ?? tete) : tete;
};

/**
 * The columns of `colonnes` that carry the store's field `champ`: the columns of the object it
 * belongs to (every contact column for a contact's field, every place and date column for a
 * session's), the modalité's own column for a modalité; none for a field the workbook does not show.
 */
export function colonnesDuChamp(colonnes: readonly Colonne[], champ: string): Colonne[] {
  const r = racine(champ);
  return colonnes.filter((c) => c.champs.some((p) => racine(p) === r));
}

/**
 * The columns of `colonnes` that carry the field a conformity rule names (`formateur.siret`,
 * `certification.rncp`, `sessions[0].debut`, `sessions.0.debut`, `sessions[1].lieu`: a session's
 * index is any session's): the column whose store field it is, or every column under it (a place's). None for
 * a rule on the formation as a whole (`champ` null) or on a field the workbook does not show.
 */
export function colonnesDeLaRegle(colonnes: readonly Colonne[], champ: string | null): Colonne[] {
  if (!champ) return [];
  const chemin = champ.replace(/\[\d+\]/g, '.*').replace(/\.\d+(?=\.|$)/g, '.*');
  return colonnes.filter((c) =>
    c.champs.some((p) => p === chemin || p.startsWith(`${chemin}.`) || chemin.startsWith(`${p}.`)),
  );
}
