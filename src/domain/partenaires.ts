import { sessionsDiffusees } from './diffusion.ts';
import type { Formation } from './formation.schema.ts';
import type { TypeOffre } from './type-offre.ts';

// Partner files (issue 12 item 5, docs/partenaires.md): each profile says, as data, which offers go in
// a partner's file, which columns, which format and when it is written. The files are for partners
// under agreement, not the open offer: a closed recruitment is in them (the counsellors still need
// it), and so are the professional-only fields (bilans, session contacts). A session withheld from
// diffusion (CONV_MARCHE_INCONNU, domain/regles) never is.

export const FORMATS_PARTENAIRE = ['csv', 'xlsx', 'lheo'] as const;
export type FormatPartenaire = (typeof FORMATS_PARTENAIRE)[number];

export interface ProfilPartenaire {
  /** Stable code: CLI argument, API `profil`, what an API key names. */
  readonly code: string;
  readonly libelle: string;
  /** Who receives the file. */
  readonly partenaire: string;
  readonly format: FormatPartenaire;
  /** When the server writes it: a cron expression (minute hour day month weekday), Paris time. */
  readonly planification: string;
  /** The schedule in words, for people. */
  readonly frequence: string;
  /** How many files are kept (the oldest are deleted when a new one is written). */
  readonly garder: number;
  /** Offer types taken (null: every type). */
  readonly types: readonly TypeOffre[] | null;
  /** Sessions taken by their financeur (null: every session); a formation left without session is left out. */
  readonly financeurs: readonly string[] | null;
  /** CSV / XLSX columns by name (COLONNES_PARTENAIRE, formats/csv); null: the open export's columns. LHEO: unused. */
  readonly colonnes: readonly string[] | null;
}

/** The sessions columns every counsellor asks for, in the prescribers' order. */
const COLONNES_PRESCRIPTEURS = [
  'intitule',
  'types_offre',
  'mention_contrat',
  'certification_intitule',
  'niveau',
  'mandataire_siret',
  'responsable_raison_sociale',
  'formateur_raison_sociale',
  'financeur',
  'numero_marche',
  'session_id',
  'debut',
  'fin',
  'etat_recrutement',
  'capacite',
  'lieu_adresse',
  'lieu_code_postal',
  'lieu_commune',
  'session_contact_nom',
  'session_contact_telephone',
  'session_contact_courriel',
  'reunions_information',
  'bilans',
  'url',
] as const;

export const PROFILS_PARTENAIRE: readonly ProfilPartenaire[] = Object.freeze([
  {
    code: 'france-travail',
    libelle: 'Fichier quotidien France Travail',
    partenaire: 'France Travail',
    format: 'lheo',
    planification: '0 5 * * *',
    frequence: 'chaque jour à 5 h',
    garder: 7,
    types: null,
    financeurs: null,
    colonnes: null,
  },
  {
    code: 'missions-locales',
    libelle: 'Fichier quotidien des Missions locales',
    partenaire: 'Missions locales',
    format: 'csv',
    planification: '0 6 * * *',
    frequence: 'chaque jour à 6 h',
    garder: 7,
    types: null,
    financeurs: null,
    colonnes: [
      'formation_id',
      ...COLONNES_PRESCRIPTEURS,
      'referent_handicap_nom',
      'referent_handicap_telephone',
    ],
  },
  {
    code: 'formations-collectives',
    libelle: 'Tableau des formations collectives (France Travail, Région, Agefiph)',
    partenaire: 'Prescripteurs (France Travail, Missions locales, Cap emploi)',
    format: 'xlsx',
    // The 1st and the 15th of each month: every fortnight, on dates prescribers can remember.
    planification: '0 7 1,15 * *',
    frequence: 'le 1er et le 15 de chaque mois à 7 h',
    garder: 6,
    types: ['conventionne'],
    financeurs: ['france_travail', 'region', 'agefiph'],
    colonnes: [...COLONNES_PRESCRIPTEURS],
  },
]);

/** The profile named `code`, or undefined. */
export const profilPartenaire = (code: string): ProfilPartenaire | undefined =>
  PROFILS_PARTENAIRE.find((p) => p.code === code);

/**
 * What of `f` (a diffused formation in the professional view) goes in the profile's file: the
 * formation with the sessions it takes, or null when it takes none of it.
 */
export function selectionPartenaire(p: ProfilPartenaire, f: Formation): Formation | null {
  if (p.types && !f.types_offre.some((t) => p.types!.includes(t))) return null;
  const sessions = sessionsDiffusees(f)
    .filter((s) => !p.financeurs || (!!s.financeur && p.financeurs.includes(s.financeur)))
    .map(({ retenue: _r, ...s }) => s);
  if (p.financeurs && sessions.length === 0) return null;
  return { ...f, sessions };
}
