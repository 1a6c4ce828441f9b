// The words people type before a place (« près de Nantes », « près Nantes », « autour de Lyon »,
// « vers Angers », « sur Nantes »): one list for the search's words (domain/recherche.ts readRequete:
// not searched), the place taken out of them (domain/mot-commune.ts sansMot), « près de moi » among
// them (presDeMoiDansLesMots) and in « Où ? » (domain/recherche.ts estPresDeMoi). docs/recherche.md
// « Ce qu’on peut taper ».

/**
 * What says « near » before a place, with or without « de », « du », « des » or « d’ » (« près de
 * Nantes », « près Nantes », « pres du Mans »); normalised: lower case, no accents, single spaces.
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

/**
 * The words after which a word of PRES_DE without « de » is no preposition but part of a name
 * (« proche aidant », a training's subject): normalised, as a regular expression's source.
 */
const PAS_UN_LIEU = ['aidant', 'aidante', 'aidants', 'aidantes', 'aidance'];

/** « de », « du », « des », « d’ » after PRES, as typed. */
const DE = `(?:d(?:e|u|es)\\s+|d['’]\\s*)`;

/** Not followed by a word of PAS_UN_LIEU, nor by « de » and nothing (« bts sio proche de »). */
const PAS_SUIVI_DE = `(?!(?:(?:${PAS_UN_LIEU.join('|')}|de|du|des)(?![\\p{L}\\p{N}])|d['’]))`;

/** « près de », « près », « autour d’ », « vers »… as typed: the source of a regular expression (flags `iu`). */
const AVANT_LIEU = `(?:${PRES}\\s+${DE}|${PRES}\\s+${PAS_SUIVI_DE}|(?:${VERS.join('|')})\\s+)`;

const DEVANT_UN_MOT = new RegExp(`(^|[\\s,(])${AVANT_LIEU}(?=[\\p{L}\\p{N}])`, 'giu');

/**
 * `q` without the words that introduce a place followed by a word (« BTS SIO près de Nantes »,
 * « BTS SIO près Nantes » → « BTS SIO Nantes »): the place's name is searched as a word (its
 * sessions' communes are indexed), as after « sur ». Before nothing (« bts sio proche »), or before
 * « aidant » (« proche aidant »), the word stays.
 */
export const sansPrepositionsDeLieu = (q: string): string => q.replace(DEVANT_UN_MOT, '$1');

// « Près de moi » and its kin: one list, read among the search's words (presDeMoiDansLesMots) and
// as the whole of « Où ? » (domain/recherche.ts estPresDeMoi). Whole phrases only: « proche aidant »,
// « ville » or « région » in a title stay words.

/** Who « près de … » names when it is the user (« moi », « chez moi », « ici »…), normalised. */
export const MOI: readonly string[] = [
  'chez moi',
  'chez nous',
  'moi',
  'ici',
  'ma position',
  'mon domicile',
  'mon adresse',
  'la maison',
  'ma maison',
];

/**
 * What names the user's surroundings on its own, anywhere among the words (« cap cuisine dans ma
 * ville », « dans le coin »), normalised: the possessive says it is the user's — never a place's name.
 */
export const CHEZ_MOI: readonly string[] = [
  'dans le coin',
  'dans mon coin',
  'dans ma ville',
  'dans ma commune',
  'dans mon village',
  'dans mon quartier',
  'dans mon secteur',
  'dans ma region',
  'dans mon departement',
  'dans mon dep',
  'dans ma zone',
  'par chez moi',
  'par ici',
];

/**
 * The words of PRES_DE that, followed by no place (last among the words, or before a comma), name the
 * user's surroundings (« cap cuisine à proximité »), normalised. Not « proche », « près », « autour »
 * alone (« bts sio proche »: a word), nor « dans le secteur » (« … dans le secteur sportif », a title).
 */
export const PRES_SANS_LIEU: readonly string[] = [
  'a proximite',
  'aux alentours',
  'aux environs',
  'dans les environs',
  'pas loin',
  'non loin',
  'tout pres',
];

/**
 * What names the user, typed alone in « Où ? » (never read among the words: « ma ville » there is two
 * words), besides PRES_DE (with MOI or not) and CHEZ_MOI, normalised.
 */
export const MOI_DANS_OU: readonly string[] = [
  'ici',
  'chez moi',
  'chez nous',
  'ma position',
  'ma localisation',
  'mon domicile',
  'mon adresse',
  'ma ville',
  'ma commune',
  'mon village',
  'mon quartier',
  'ma region',
  'mon departement',
  'geolocalisation',
  'me localiser',
  'localisation',
];

// « près de moi », « autour d’ici », « près moi », « dans ma ville », « à proximité » (last) as typed,
// anywhere among the words.
const PRES_DE_MOI = new RegExp(
  `(^|[\\s,;(])((?:${PRES}\\s+(?:${DE})?(?:${MOI.map(motif).join('|')})|${CHEZ_MOI.map(motif).join('|')}|(?:${PRES_SANS_LIEU.map(motif).join('|')})(?=\\s*(?:[,;.!?)]|$))))(?![\\p{L}\\p{N}])`,
  'iu',
);

/** « près de moi » typed among the words: as typed, `q` without it. */
export interface PresDeMoiDansLesMots {
  readonly terme: string;
  readonly q: string;
}

/**
 * « près de moi », « autour de moi », « près de chez moi », « près moi », « autour d’ici », « dans le
 * coin », « dans ma ville », « à proximité » (nothing after it)… among the words of `q` (any case, accents or not), or null: the user's own position, which
 * the site does not know (it locates no one) — the first one, `q` without it (spaces and punctuation
 * left at either end trimmed).
 */
export function presDeMoiDansLesMots(q: string | undefined): PresDeMoiDansLesMots | null {
  const texte = (q ?? '').normalize('NFKC');
  const m = PRES_DE_MOI.exec(texte);
  if (!m) return null;
  const debut = m.index + m[1]!.length;
  return {
    terme: m[2]!,
    q: (texte.slice(0, debut) + texte.slice(debut + m[2]!.length))
      .replace(/\s+/g, ' ')
      .replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '')
      .trim(),
  };
}
