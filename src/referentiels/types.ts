import type { PlusRecente } from '../domain/renommages.ts';
import type { Forme } from './sniff.ts';

export const KINDS = ['rncp', 'bcn', 'kit', 'lpof', 'sirene', 'acce', 'communes', 'marches'] as const;
export type Kind = (typeof KINDS)[number];

/** French names of the kinds: the reference data page and `offre referentiel --help` list them. */
export const LIBELLES_KIND: Readonly<Record<Kind, string>> = {
  rncp: 'RNCP et RS (France compétences)',
  bcn: 'BCN (diplômes de l’Éducation nationale)',
  kit: 'Kit apprentissage (CFD ↔ RNCP)',
  lpof: 'Liste publique des organismes de formation (DGEFP, Qualiopi)',
  sirene: 'Sirene (établissements, INSEE)',
  acce: 'ACCE (UAI des établissements)',
  communes: 'Communes et codes postaux',
  marches: 'Marchés d’un financeur',
};

/** The reference tables facts are written to (migrations 0002, 0120). */
export type FactTable =
  | 'certification'
  | 'certification_lien'
  | 'certification_habilitation'
  | 'diplome_mef'
  | 'etablissement'
  | 'organisme_declare'
  | 'uai'
  | 'commune'
  | 'commune_ancienne'
  | 'bcn_nomenclature'
  | 'marche';

export interface Fait {
  readonly table: FactTable;
  readonly row: Readonly<Record<string, unknown>>;
}

/** A malformed row: skipped, reported with file, line and column. */
export interface Rejet {
  readonly fichier: string;
  readonly ligne: number | null;
  readonly colonne: string | null;
  readonly message: string;
}

/** Where a read text holds U+FFFD (a file decoded with the wrong encoding, or re-saved so). */
export interface Encodage {
  readonly fichier: string;
  readonly ligne: number | null;
  readonly colonne: string;
}

/** What reading one official row gave: facts, a rejection, or nothing to keep (e.g. `NR`). */
export type Lu =
  | {
      readonly faits: readonly Fait[];
      /** A column this row's facts come from holds U+FFFD (the first one). */
      readonly encodage?: Encodage;
      /** Facts from a built-in source completing the file (not a line of the file). */
      readonly complement?: true;
      /** The built-in list, newer, kept over this line's commune (communes: docs/referentiels.md). */
      readonly plusRecente?: PlusRecente;
    }
  | { readonly rejet: Rejet }
  /** `lignes`: that many rows at once (a fast filter counts the rows it skips in batches); 1 by default. */
  | {
      readonly ignore: true;
      readonly lignes?: number;
      /** Why, in French, for the counts' explanation (« code RNCP NR (non renseigné) ou absent »). */
      readonly motif?: string;
    };

/** A dataset inside a kind (a BCN table, the RNCP export...): scope of diffs and drop guards. */
export interface Jeu {
  readonly jeu: string;
  readonly libelle: string;
  readonly format: string;
  /** How the recognised file differs from the official layout (see entetes.ts), when it does. */
  readonly disposition?: string | null;
  /**
   * Datasets this one only completes (BCN V_FORMATION_DIPLOME completes N_FORMATION_DIPLOME): a
   * key one of them holds stays theirs, this file neither changes nor takes it.
   */
  readonly complete?: readonly string[];
}

export interface ReadOptions {
  /** `--only-known`: keep only these establishments (Sirene). */
  readonly connus: { readonly sirets: ReadonlySet<string>; readonly sirens: ReadonlySet<string> } | null;
  /** Import date 'YYYY-MM-DD' (builders that need "today" get it, they never read the clock). */
  readonly aujourdhui: string;
  /**
   * Communes: per INSEE code, the stored coordinates, kept for a commune the file lacks (the
   * built-in list that completes it has none).
   */
  readonly coordonnees?: ReadonlyMap<string, { readonly lat: number; readonly lon: number }>;
}

export interface Lecture {
  readonly tables: readonly FactTable[];
  lire(): AsyncIterable<Lu>;
}

export interface Importer {
  readonly kind: Kind;
  /** French name of what this importer reads, for messages ("export RNCP de France compétences"). */
  readonly libelle: string;
  reconnaitre(forme: Forme): Jeu | null;
  ouvrir(path: string, forme: Forme, jeu: Jeu, options: ReadOptions): Lecture;
}
