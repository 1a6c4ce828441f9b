// The words people type before a place (« près de Nantes », « autour de Lyon », « vers Angers »,
// « sur Nantes »): one list for the search's words (domain/recherche.ts readRequete: not searched),
// the place taken out of them (domain/mot-commune.ts sansMot) and « Où ? » (« près de moi »,
// domain/recherche.ts estPresDeMoi). docs/recherche.md « Ce qu’on peut taper ».

/**
 * What says « near » before « de », « du », « des » or « d’ » and a place (normalised: lower case,
 * no accents, single spaces).
 */
export const PRES_DE: readonly string[] = [
  'tout pres',
  'pres',
  'autour',
  'proche',
  'a cote',
  'du cote',
  'aux alentours',
  'alentours',
  'aux environs',
  'dans les environs',
  'dans le secteur',
  'a proximite',
  'pas loin',
  'non loin',
];

/** What says it alone before a place (« vers Nantes »; « sur » is a stop word the index drops already). */
export const VERS: readonly string[] = ['vers', 'sur'];

const LETTRES: Readonly<Record<string, string>> = {
  a: '[aàâä]',
  e: '[eéèêë]',
  i: '[iîï]',
  o: '[oôö]',
  u: '[uùûü]',
  c: '[cç]',
};

/** A regular expression's source for a normalised phrase as typed: accents or not, any spaces (flags `iu`). */
export const motif = (phrase: string): string =>
  phrase
    .split(' ')
    .map((m) => [...m].map((l) => LETTRES[l] ?? l).join(''))
    .join('\\s+');

/** PRES_DE as typed: the source of a regular expression (flags `iu`). */
export const PRES = `(?:${PRES_DE.map(motif).join('|')})`;

/** « près de », « autour d’ », « vers »… as typed: the source of a regular expression (flags `iu`). */
const AVANT_LIEU = `(?:${PRES}\\s+(?:d(?:e|u|es)\\s+|d['’]\\s*)|(?:${VERS.join('|')})\\s+)`;

const DEVANT_UN_MOT = new RegExp(`(^|[\\s,(])${AVANT_LIEU}(?=[\\p{L}\\p{N}])`, 'giu');

/**
 * `q` without the words that introduce a place followed by a word (« BTS SIO près de Nantes » →
 * « BTS SIO Nantes »): the place's name is searched as a word (its sessions' communes are indexed),
 * as after « sur ». Before nothing (« bts sio proche »), the word stays.
 */
export const sansPrepositionsDeLieu = (q: string): string => q.replace(DEVANT_UN_MOT, '$1');
