// When the words as typed find nothing (« bts commerce »: no offer says « commerce », 88 say
// « commercial »), each word is also searched as the start of its French stem (snowball, the
// index's `french_unaccent` configuration): « commerce » → commerc… finds commercial, commerciaux,
// commercialisation. docs/recherche.md « Des mots de la même famille, quand rien n’est trouvé ».

/** A typed word (as typed) and the stem whose words it was widened to (« commerce », « commerc »). */
export interface RacineElargie {
  readonly mot: string;
  readonly racine: string;
}

/**
 * Letters a stem needs to be searched as a word start: shorter ones start too many unrelated words
 * (« vente » → vent: ventilation; « soin » → soin; « agent » stays agent). Five, as the families
 * of corrections (domain/recherche.ts sorteCorrection: the same first 5 letters).
 */
export const RACINE_ELARGIE_LETTRES = 5;

/**
 * The stem `mot` is widened to when the words as typed find nothing, or null. `racine`: its French
 * stem as PostgreSQL gives it (`to_tsvector('french_unaccent', mot)`, lexemes joined by a space; empty
 * for a stop word). Only a word of letters (not a number, a code) with a single stem of
 * RACINE_ELARGIE_LETTRES letters or more.
 */
export function racineElargie(mot: string, racine: string | null | undefined): string | null {
  if (!/^[a-z]+$/.test(mot) || !racine || !/^[a-z]+$/.test(racine)) return null;
  return racine.length >= RACINE_ELARGIE_LETTRES && mot.startsWith(racine) ? racine : null;
}
