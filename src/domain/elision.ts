// French text helpers. Elision of « de » before a name (a structure, an organisme, a commune):
// « d’Éole Formation », « de Nantes Formation » (an initial h is left as « de »: mute or aspirated
// depends on the word), its contraction with the article that starts a name (« du Mans », « des
// Sables-d’Olonne »; « de La Rochelle » stays); a capital first letter (`capitale`).

/** A name's first letter is a vowel (accented ones too, capital or not). */
const VOYELLE = /^[aeiouyàâäéèêëîïôöùûüœæ]/i;

/** A name's leading article « Le » or « Les » (any case) and the rest of the name. */
const ARTICLE_CONTRACTE = /^(les?)\s+(\S.*)$/i;

/**
 * « de » or « d’ » followed by `nom` (trimmed): `de('Éole')` → « d’Éole »; contracted with a leading
 * « Le » or « Les » (`de('Le Mans')` → « du Mans », `de('Les Sables-d’Olonne')` → « des
 * Sables-d’Olonne »), as French does before a commune's or an organisme's article; « La » and « L’ »
 * are not contracted (« de La Rochelle », « de L’Île-Saint-Denis »).
 */
export function de(nom: string): string {
  const n = nom.trim();
  const article = ARTICLE_CONTRACTE.exec(n);
  if (article) return `${article[1]!.toLowerCase() === 'le' ? 'du' : 'des'} ${article[2]}`;
  return VOYELLE.test(n) ? `d’${n}` : `de ${n}`;
}

/** `s` with its first letter capitalized: « session du … » → « Session du … ». */
export const capitale = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * `s` with the typographic apostrophe of French text (’) for each straight one: « L'Île-Saint-Denis »
 * → « L’Île-Saint-Denis ». Display only, for names the official files write with « ' » (the COG's
 * communes, as REGIONS already writes « Côte d’Azur »): stored data and exports keep the official
 * text, and the search reads either apostrophe alike (domain/commune.ts, domain/recherche.ts).
 */
export const apostrophes = (s: string): string => s.replace(/'/g, '’');
