// French elision of « de » before a name (a structure, an organisme): « d’Éole Formation »,
// « de Nantes Formation ». An initial h is left as « de »: mute or aspirated depends on the word.

/** A name's first letter is a vowel (accented ones too, capital or not). */
const VOYELLE = /^[aeiouyàâäéèêëîïôöùûüœæ]/i;

/** « de » or « d’ » followed by `nom` (trimmed): `de('Éole')` → « d’Éole ». */
export function de(nom: string): string {
  const n = nom.trim();
  return VOYELLE.test(n) ? `d’${n}` : `de ${n}`;
}
