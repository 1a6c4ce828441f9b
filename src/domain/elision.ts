// French text helpers. Elision of « de » before a name (a structure, an organisme): « d’Éole Formation »,
// « de Nantes Formation » (an initial h is left as « de »: mute or aspirated depends on the word);
// a capital first letter (`capitale`).

/** A name's first letter is a vowel (accented ones too, capital or not). */
const VOYELLE = /^[aeiouyàâäéèêëîïôöùûüœæ]/i;

/** « de » or « d’ » followed by `nom` (trimmed): `de('Éole')` → « d’Éole ». */
export function de(nom: string): string {
  const n = nom.trim();
  return VOYELLE.test(n) ? `d’${n}` : `de ${n}`;
}

/** `s` with its first letter capitalized: « session du … » → « Session du … ». */
export const capitale = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
