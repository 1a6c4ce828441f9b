import type {
  DispositifRow,
  FormationDiplomeRow,
  LettreSpecialiteRow,
  MefRow,
  NiveauRow,
} from './bcn.rows.ts';

// Pure builders: official BCN rows → reference facts.

/** Diploma type from the CFD's first three characters (its NIVEAU_FORMATION_DIPLOME). */
export const TYPE_PAR_PREFIXE: Readonly<Record<string, string>> = {
  '500': 'CAP',
  '503': 'CAPA',
  '510': 'BEP',
  '513': 'BEPA',
  '400': 'BAC PRO',
  '403': 'BAC PRO',
  '401': 'BMA',
  '450': 'BP',
  '453': 'BP',
  '553': 'BP',
  '010': 'MC',
  '011': 'MC',
  '320': 'BTS',
  '323': 'BTSA',
  '350': 'DUT',
  '251': 'BUT',
  '250': 'LIC PRO',
  '205': 'LICENCE',
  '135': 'MASTER',
  '136': 'MASTER',
  '170': 'INGENIEUR',
  '241': 'DN MADE',
  '321': 'DMA',
  '420': 'BT',
  '423': 'BTA',
  '430': 'BAC TECHNO',
  '470': 'BAC GENERAL',
  '16Z': 'TITRE',
  '26Z': 'TITRE',
  '36Z': 'TITRE',
  '46Z': 'TITRE',
  '56Z': 'TITRE',
};

export function typeDiplomeDeCfd(cfd: string, libelleCourt: string | null): string | null {
  return TYPE_PAR_PREFIXE[cfd.slice(0, 3)] ?? libelleCourt;
}

/** Old interministerial levels (I..V, first digit of the BCN level code) → the 2019 RNCP levels. */
const NIVEAU_ANCIEN: Readonly<Record<string, string>> = { '1': '7', '2': '6', '3': '5', '4': '4', '5': '3' };

/** '04' → '4'; '00' (hors périmètre) → null; the 2020 layout has no such column: use the old level. */
export function niveauDe(niveauRncp: string | null, niveauFormation: string | null): string | null {
  if (niveauRncp) {
    const n = String(Number(niveauRncp));
    return n === '0' || n === 'NaN' ? null : n;
  }
  return niveauFormation ? (NIVEAU_ANCIEN[niveauFormation[0]!] ?? null) : null;
}

export function certificationDeDiplome(row: FormationDiplomeRow, jeu: string, aujourdhui: string) {
  const successeurs = ([1, 2, 3, 4, 5, 6, 7] as const)
    .map((n) => row[`NOUVEAU_DIPLOME_${n}`])
    .filter((c): c is string => !!c)
    .map((c) => c.toUpperCase());
  // The new diploma may be the only one to declare the succession (ANCIEN_DIPLOME_n).
  const predecesseurs = ([1, 2, 3, 4, 5, 6, 7] as const)
    .map((n) => row[`ANCIEN_DIPLOME_${n}`])
    .filter((c): c is string => !!c)
    .map((c) => c.toUpperCase());
  return {
    type: 'cfd',
    code: row.FORMATION_DIPLOME,
    intitule: row.LIBELLE_LONG_200,
    niveau: niveauDe(row.NIVEAU_QUALIFICATION_RNCP, row.NIVEAU_FORMATION_DIPLOME),
    type_diplome: typeDiplomeDeCfd(row.FORMATION_DIPLOME, row.LIBELLE_COURT),
    type_enregistrement: null,
    actif: row.DATE_FERMETURE === null || row.DATE_FERMETURE >= aujourdhui,
    date_debut: row.DATE_OUVERTURE,
    date_fin: row.DATE_FERMETURE,
    ouvert_apprentissage: null,
    successeurs,
    predecesseurs,
    certifinfo: null,
    nsf: [],
    rome: [],
    rome_libelles: [],
    formacodes: [],
    jeu,
  };
}

/** MEF10: the 9th character is the duration in years, the 10th the year within the cursus. */
export function mefDeLigne(row: MefRow) {
  const duree = Number(row.MEF[8]);
  const annee = Number(row.MEF[9]);
  return {
    mef: row.MEF,
    cfd: row.FORMATION_DIPLOME,
    duree: Number.isInteger(duree) ? duree : null,
    annee: Number.isInteger(annee) ? annee : null,
  };
}

export function nomenclatureDeNiveau(row: NiveauRow) {
  return {
    tableau: 'N_NIVEAU_FORMATION_DIPLOME',
    code: row.NIVEAU_FORMATION_DIPLOME,
    libelle_court: row.LIBELLE_COURT,
    libelle_long: row.LIBELLE_100,
    niveau: niveauDe(row.NIVEAU_QUALIFICATION_RNCP, row.NIVEAU_FORMATION_DIPLOME),
    date_ouverture: row.DATE_OUVERTURE,
    date_fermeture: row.DATE_FERMETURE,
  };
}

export function nomenclatureDeDispositif(row: DispositifRow) {
  return {
    tableau: 'N_DISPOSITIF_FORMATION',
    code: row.DISPOSITIF_FORMATION,
    libelle_court: row.LIBELLE_COURT,
    libelle_long: row.LIBELLE_LONG,
    niveau: row.NIVEAU_FORMATION_DIPLOME,
    date_ouverture: row.DATE_OUVERTURE,
    date_fermeture: row.DATE_FERMETURE,
  };
}

export function nomenclatureDeLettre(row: LettreSpecialiteRow) {
  return {
    tableau: 'N_LETTRE_SPECIALITE',
    code: row.LETTRE_SPECIALITE,
    libelle_court: row.LIBELLE_COURT,
    libelle_long: row.LIBELLE_LONG,
    niveau: null,
    date_ouverture: row.DATE_OUVERTURE,
    date_fermeture: row.DATE_FERMETURE,
  };
}
