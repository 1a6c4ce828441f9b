// A trade's name and its activity's (docs/recherche.md « Du métier au diplôme »): someone searching a
// trade expects the diplomas named after what it does — « cuisinier » → CAP Cuisine, « coiffeur » →
// CAP Métiers de la coiffure, « boulanger » → boulangerie, « mécanicien » → maintenance mécanique.
// French forms a trade from its activity's stem with a few suffixes; from the trade typed, the
// activity words that stem forms (a closed list per suffix, never any word that starts alike:
// « cuisine » is no trade and widens to nothing, « cuir » is no activity of « cuisinier »). Words
// are normalised (domain/recherche.ts normaliser: lower case, no accents).

/**
 * Per trade suffix (feminine forms included), the activity suffixes its stem takes: -ier
 * (cuisinier → cuisine, pâtissier → pâtisserie, hôtelier → hôtellerie, jardinier → jardinage), -er
 * (boulanger → boulangerie, boucher → boucherie), -eur (coiffeur → coiffure, soudeur → soudure; not
 * -age: chauffeur is no chauffage), -ien (mécanicien → mécanique, électricien → électricité).
 */
const ACTIVITES: readonly (readonly [suffixe: string, activites: readonly string[]])[] = [
  ['iere', ['e', 'erie', 'lerie', 'age']],
  ['ier', ['e', 'erie', 'lerie', 'age']],
  ['ienne', ['ique', 'ite']],
  ['ien', ['ique', 'ite']],
  ['euse', ['ure']],
  ['eur', ['ure']],
  ['ere', ['erie']],
  ['er', ['erie']],
];

/** Shortest stem a trade suffix is taken from (« soud|eur »; « pl|ier » is no trade). */
const RACINE_MIN = 4;

/**
 * The activity words trade `mot` (normalised) is formed on, to search with it and rank after it
 * (services/recherche.service.ts): « cuisinier » → cuisine, cuisinerie…; [] for a word that is no
 * trade by its ending; each in the plural too. Candidates only: the search keeps those its word
 * list holds.
 */
export function activitesDuMetier(mot: string): string[] {
  if (!/^[a-z]+$/.test(mot)) return [];
  const [suffixe, activites] = ACTIVITES.find(([s]) => mot.endsWith(s)) ?? [];
  if (!suffixe || !activites) return [];
  const racine = mot.slice(0, -suffixe.length);
  if (racine.length < RACINE_MIN) return [];
  // « mécanic|ien » → mécaniqu|e: a c before -ien is written qu before -e.
  const formes = activites.map((a) =>
    a === 'ique' && racine.endsWith('c') ? `${racine.slice(0, -1)}que` : `${racine}${a}`,
  );
  // Their plural too: the word list holds the words as written (« systèmes mécaniques »).
  return [...new Set(formes.flatMap((f) => [f, `${f}s`]))].filter((f) => f !== mot);
}
