// French administrative geography and distances, pure.

/**
 * INSEE region codes (2016 regions) and their names as the pages say them: the COG's LIBELLE with the
 * typographic apostrophe of French text (« Provence-Alpes-Côte d’Azur »; the COG writes « d'Azur »).
 * Display only: a région is stored, filtered and exchanged by its code.
 */
export const REGIONS: Readonly<Record<string, string>> = {
  '01': 'Guadeloupe',
  '02': 'Martinique',
  '03': 'Guyane',
  '04': 'La Réunion',
  '06': 'Mayotte',
  '11': 'Île-de-France',
  '24': 'Centre-Val de Loire',
  '27': 'Bourgogne-Franche-Comté',
  '28': 'Normandie',
  '32': 'Hauts-de-France',
  '44': 'Grand Est',
  '52': 'Pays de la Loire',
  '53': 'Bretagne',
  '75': 'Nouvelle-Aquitaine',
  '76': 'Occitanie',
  '84': 'Auvergne-Rhône-Alpes',
  '93': 'Provence-Alpes-Côte d’Azur',
  '94': 'Corse',
};

const DEPARTEMENTS_PAR_REGION: Readonly<Record<string, readonly string[]>> = {
  '01': ['971'],
  '02': ['972'],
  '03': ['973'],
  '04': ['974'],
  '06': ['976'],
  '11': ['75', '77', '78', '91', '92', '93', '94', '95'],
  '24': ['18', '28', '36', '37', '41', '45'],
  '27': ['21', '25', '39', '58', '70', '71', '89', '90'],
  '28': ['14', '27', '50', '61', '76'],
  '32': ['02', '59', '60', '62', '80'],
  '44': ['08', '10', '51', '52', '54', '55', '57', '67', '68', '88'],
  '52': ['44', '49', '53', '72', '85'],
  '53': ['22', '29', '35', '56'],
  '75': ['16', '17', '19', '23', '24', '33', '40', '47', '64', '79', '86', '87'],
  '76': ['09', '11', '12', '30', '31', '32', '34', '46', '48', '65', '66', '81', '82'],
  '84': ['01', '03', '07', '15', '26', '38', '42', '43', '63', '69', '73', '74'],
  '93': ['04', '05', '06', '13', '83', '84'],
  '94': ['2A', '2B'],
};

const REGION_DU_DEPARTEMENT: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(DEPARTEMENTS_PAR_REGION).flatMap(([r, ds]) => ds.map((d) => [d, r])),
);

/** A région's name from its INSEE code (« Bretagne » for 53); the code itself when it is none. */
export const nomRegion = (code: string): string => REGIONS[code] ?? code;

/** A région's name and code (« Bretagne (53) »); the code alone when it is none. */
export const nomRegionAvecCode = (code: string): string =>
  REGIONS[code] ? `${REGIONS[code]} (${code})` : code;

/** The INSEE codes of the régions (`REGIONS`), in order: what a région filter or field accepts. */
export const CODES_REGION: readonly string[] = Object.keys(REGIONS).sort();

/**
 * The one message for a région code that is not one (REGION_INCONNUE, API, pages and command
 * line): names the value and lists the valid codes.
 */
export const messageRegionInconnue = (code: string): string =>
  `région « ${code} » inconnue : codes INSEE valides ${CODES_REGION.join(', ')}`;

/** Overseas collectivities with INSEE commune codes of their own (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin): no région. */
const COLLECTIVITES_OUTRE_MER: readonly string[] = ['975', '977', '978'];

/**
 * Whether `dep` is what a département filter matches (`departementOfInsee` of a place): a
 * département of a région (`DEPARTEMENTS_PAR_REGION`: 69, 2A, 974…) or an overseas collectivity
 * (975, 977, 978).
 */
export const estDepartement = (dep: string): boolean =>
  Object.hasOwn(REGION_DU_DEPARTEMENT, dep) || COLLECTIVITES_OUTRE_MER.includes(dep);

/** Department code of an INSEE commune code ('97411' → '974', '2A004' → '2A', '75056' → '75'). */
export function departementOfInsee(codeInsee: string | null | undefined): string | null {
  if (!codeInsee || !/^(\d{5}|2[AB]\d{3})$/i.test(codeInsee)) return null;
  const c = codeInsee.toUpperCase();
  return c.startsWith('97') || c.startsWith('98') ? c.slice(0, 3) : c.slice(0, 2);
}

/** Department code guessed from a postal code ('20000' → '2A' cannot be told apart: null). */
export function departementOfPostalCode(cp: string | null | undefined): string | null {
  if (!cp || !/^\d{5}$/.test(cp)) return null;
  if (cp.startsWith('97') || cp.startsWith('98')) return cp.slice(0, 3);
  if (cp.startsWith('20')) return Number(cp) < 20200 ? '2A' : '2B';
  return cp.slice(0, 2);
}

export function regionOfDepartement(dep: string | null | undefined): string | null {
  return (dep && REGION_DU_DEPARTEMENT[dep]) || null;
}

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}
