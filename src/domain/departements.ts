// The names of the départements, by their INSEE code: what a département filter shows beside its
// code (« 75 — Paris »). Pure data.
//
// Source: INSEE, Code officiel géographique (COG) au 1er janvier 2024, « Liste des départements »
// (v_departement_2024.csv, column LIBELLE) and, for the three overseas collectivities whose
// communes have INSEE codes of their own (975, 977, 978), « Liste des collectivités d’outre-mer »
// (v_comer_2024.csv): https://www.insee.fr/fr/information/7766585. Written with the typographic
// apostrophe of the pages (Côte-d’Or). The codes are those of `estDepartement` (domain/geo.ts).

import { nomCommuneNormalise } from './commune.ts';

/** « Paris » for 75, « Corse-du-Sud » for 2A, « La Réunion » for 974… (COG, INSEE). */
export const NOMS_DEPARTEMENT: Readonly<Record<string, string>> = {
  '01': 'Ain',
  '02': 'Aisne',
  '03': 'Allier',
  '04': 'Alpes-de-Haute-Provence',
  '05': 'Hautes-Alpes',
  '06': 'Alpes-Maritimes',
  '07': 'Ardèche',
  '08': 'Ardennes',
  '09': 'Ariège',
  '10': 'Aube',
  '11': 'Aude',
  '12': 'Aveyron',
  '13': 'Bouches-du-Rhône',
  '14': 'Calvados',
  '15': 'Cantal',
  '16': 'Charente',
  '17': 'Charente-Maritime',
  '18': 'Cher',
  '19': 'Corrèze',
  '2A': 'Corse-du-Sud',
  '2B': 'Haute-Corse',
  '21': 'Côte-d’Or',
  '22': 'Côtes-d’Armor',
  '23': 'Creuse',
  '24': 'Dordogne',
  '25': 'Doubs',
  '26': 'Drôme',
  '27': 'Eure',
  '28': 'Eure-et-Loir',
  '29': 'Finistère',
  '30': 'Gard',
  '31': 'Haute-Garonne',
  '32': 'Gers',
  '33': 'Gironde',
  '34': 'Hérault',
  '35': 'Ille-et-Vilaine',
  '36': 'Indre',
  '37': 'Indre-et-Loire',
  '38': 'Isère',
  '39': 'Jura',
  '40': 'Landes',
  '41': 'Loir-et-Cher',
  '42': 'Loire',
  '43': 'Haute-Loire',
  '44': 'Loire-Atlantique',
  '45': 'Loiret',
  '46': 'Lot',
  '47': 'Lot-et-Garonne',
  '48': 'Lozère',
  '49': 'Maine-et-Loire',
  '50': 'Manche',
  '51': 'Marne',
  '52': 'Haute-Marne',
  '53': 'Mayenne',
  '54': 'Meurthe-et-Moselle',
  '55': 'Meuse',
  '56': 'Morbihan',
  '57': 'Moselle',
  '58': 'Nièvre',
  '59': 'Nord',
  '60': 'Oise',
  '61': 'Orne',
  '62': 'Pas-de-Calais',
  '63': 'Puy-de-Dôme',
  '64': 'Pyrénées-Atlantiques',
  '65': 'Hautes-Pyrénées',
  '66': 'Pyrénées-Orientales',
  '67': 'Bas-Rhin',
  '68': 'Haut-Rhin',
  '69': 'Rhône',
  '70': 'Haute-Saône',
  '71': 'Saône-et-Loire',
  '72': 'Sarthe',
  '73': 'Savoie',
  '74': 'Haute-Savoie',
  '75': 'Paris',
  '76': 'Seine-Maritime',
  '77': 'Seine-et-Marne',
  '78': 'Yvelines',
  '79': 'Deux-Sèvres',
  '80': 'Somme',
  '81': 'Tarn',
  '82': 'Tarn-et-Garonne',
  '83': 'Var',
  '84': 'Vaucluse',
  '85': 'Vendée',
  '86': 'Vienne',
  '87': 'Haute-Vienne',
  '88': 'Vosges',
  '89': 'Yonne',
  '90': 'Territoire de Belfort',
  '91': 'Essonne',
  '92': 'Hauts-de-Seine',
  '93': 'Seine-Saint-Denis',
  '94': 'Val-de-Marne',
  '95': 'Val-d’Oise',
  '971': 'Guadeloupe',
  '972': 'Martinique',
  '973': 'Guyane',
  '974': 'La Réunion',
  '975': 'Saint-Pierre-et-Miquelon',
  '976': 'Mayotte',
  '977': 'Saint-Barthélemy',
  '978': 'Saint-Martin',
};

/** « 75 — Paris »; the code alone for one the list does not name. */
export const libelleDepartement = (code: string): string =>
  NOMS_DEPARTEMENT[code] ? `${code} — ${NOMS_DEPARTEMENT[code]}` : code;

/**
 * The département a « Où ? » typing names by its number (`44`, `971`, `2a` → `2A`), or null: the
 * search is then made in the whole département (services/recherche.service.ts; a postal code has 5
 * digits). Only codes of NOMS_DEPARTEMENT count.
 */
export function departementSaisi(texte: string | undefined): string | null {
  const t = (texte ?? '').trim().toUpperCase();
  return /^(?:\d{2,3}|2[AB])$/.test(t) && NOMS_DEPARTEMENT[t] ? t : null;
}

/** The départements by their normalised name (« seine saint denis », « cote d or »), and without a leading article (« reunion »). */
const PAR_NOM: ReadonlyMap<string, string> = new Map(
  Object.entries(NOMS_DEPARTEMENT).flatMap(([code, nom]) => {
    const n = nomCommuneNormalise(nom);
    const sansArticle = n.replace(/^(?:la|le|les) /, '');
    return sansArticle === n
      ? [[n, code]]
      : [
          [n, code],
          [sansArticle, code],
        ];
  }),
);

/**
 * The département a name typed in « Où ? » designates (« Rhône », « seine st denis », « Côte-d'Or »,
 * « Réunion »; compared as commune names are, domain/commune.ts nomCommuneNormalise), or null. The
 * search gives a commune of that exact name precedence (« Vienne » is the commune of the Isère).
 */
export function departementNomme(texte: string): string | null {
  return PAR_NOM.get(nomCommuneNormalise(texte)) ?? null;
}
