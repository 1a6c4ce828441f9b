import { departementOfInsee } from '../geo.ts';

// Académies (codes of the BCN N_ACADEMIE table) by département, for platform scope overrides.
export const ACADEMIES: Readonly<Record<string, readonly string[]>> = {
  '01': ['75'],
  '02': ['04', '05', '13', '84'],
  '03': ['25', '39', '70', '90'],
  '04': ['24', '33', '40', '47', '64'],
  '06': ['03', '15', '43', '63'],
  '07': ['21', '58', '71', '89'],
  '08': ['07', '26', '38', '73', '74'],
  '09': ['59', '62'],
  '10': ['01', '42', '69'],
  '11': ['11', '30', '34', '48', '66'],
  '12': ['54', '55', '57', '88'],
  '13': ['16', '17', '79', '86'],
  '14': ['22', '29', '35', '56'],
  '15': ['67', '68'],
  '16': ['09', '12', '31', '32', '46', '65', '81', '82'],
  '17': ['44', '49', '53', '72', '85'],
  '18': ['18', '28', '36', '37', '41', '45'],
  '19': ['08', '10', '51', '52'],
  '20': ['02', '60', '80'],
  '22': ['19', '23', '87'],
  '23': ['06', '83'],
  '24': ['77', '93', '94'],
  '25': ['78', '91', '92', '95'],
  '27': ['2A', '2B'],
  '28': ['974'],
  '31': ['972'],
  '32': ['971'],
  '33': ['973'],
  '43': ['976'],
  '70': ['14', '27', '50', '61', '76'],
};

/** Names of the académies above (BCN N_ACADEMIE, libellé; Caen and Rouen merged as Normandie, 70). */
export const NOMS_ACADEMIES: Readonly<Record<string, string>> = {
  '01': 'Paris',
  '02': 'Aix-Marseille',
  '03': 'Besançon',
  '04': 'Bordeaux',
  '06': 'Clermont-Ferrand',
  '07': 'Dijon',
  '08': 'Grenoble',
  '09': 'Lille',
  '10': 'Lyon',
  '11': 'Montpellier',
  '12': 'Nancy-Metz',
  '13': 'Poitiers',
  '14': 'Rennes',
  '15': 'Strasbourg',
  '16': 'Toulouse',
  '17': 'Nantes',
  '18': 'Orléans-Tours',
  '19': 'Reims',
  '20': 'Amiens',
  '22': 'Limoges',
  '23': 'Nice',
  '24': 'Créteil',
  '25': 'Versailles',
  '27': 'Corse',
  '28': 'La Réunion',
  '31': 'Martinique',
  '32': 'Guadeloupe',
  '33': 'Guyane',
  '43': 'Mayotte',
  '70': 'Normandie',
};

/** '10' → 'Lyon (10)'; an unknown code as is. */
export const nomAcademie = (code: string) =>
  NOMS_ACADEMIES[code] ? `${NOMS_ACADEMIES[code]} (${code})` : code;

const PAR_DEPARTEMENT: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(ACADEMIES).flatMap(([a, ds]) => ds.map((d) => [d, a])),
);

/** The académies of a set of INSEE communes (places and responsable). */
export function academiesDe(codesInsee: readonly (string | null)[]): string[] {
  return [
    ...new Set(
      codesInsee
        .map((c) => PAR_DEPARTEMENT[departementOfInsee(c) ?? ''] ?? null)
        .filter((a): a is string => a !== null),
    ),
  ];
}

/**
 * The académies of an offer: those of its sessions' places and of its responsable's commune (what
 * the platforms' scope rules and an instructeur's académie are read against).
 */
export const academiesDeFormation = (f: {
  readonly sessions: readonly { readonly code_insee: string | null }[];
  readonly responsable: { readonly code_insee: string | null } | null;
}): string[] => academiesDe([...f.sessions.map((s) => s.code_insee), f.responsable?.code_insee ?? null]);
