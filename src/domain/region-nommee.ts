import { nomCommuneNormalise } from './commune.ts';
import { REGIONS } from './geo.ts';

// The région a « Où ? » typing names (services/recherche.service.ts resolveLieu, docs/recherche.md
// « Où ? »): its name in the COG (domain/geo.ts REGIONS), read as commune names are (accents,
// hyphens, apostrophes and case aside: « ile de france », « Auvergne Rhone Alpes »), and the
// spellings people use for it (its acronyms, its former name « Centre », « Pays de Loire »). The
// overseas régions are départements too (Guadeloupe, 971): « Où ? » reads them as départements.

/** Common spellings of a région besides its COG name, normalised (nomCommuneNormalise). */
const AUTRES_GRAPHIES: Readonly<Record<string, readonly string[]>> = {
  '11': ['idf', 'region parisienne'],
  '24': ['centre', 'centre val de loire', 'region centre'],
  '27': ['bfc', 'bourgogne franche comte'],
  '28': [],
  '32': [],
  '44': [],
  '52': ['pays de loire'],
  '53': [],
  '75': [],
  '76': [],
  '84': ['aura', 'auvergne rhone alpes'],
  '93': ['paca', 'provence alpes cote azur', 'region sud', 'provence'],
  '94': [],
};

/** The régions of metropolitan France by each of their normalised names. */
const PAR_NOM: ReadonlyMap<string, string> = new Map(
  Object.entries(AUTRES_GRAPHIES).flatMap(([code, autres]) =>
    [nomCommuneNormalise(REGIONS[code]!), ...autres].map((n) => [n, code] as const),
  ),
);

/**
 * The INSEE code of the région `texte` names (« Bretagne » → 53, « ile de france » → 11, « PACA »
 * → 93), or null; its leading « région » is read too (« Région Bretagne »).
 */
export function regionNommee(texte: string): string | null {
  const n = nomCommuneNormalise(texte);
  return PAR_NOM.get(n) ?? PAR_NOM.get(n.replace(/^region /, '')) ?? null;
}
