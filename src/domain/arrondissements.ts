// The municipal arrondissements of Paris, Lyon and Marseille as people type them (pure): « Paris
// 15 », « Paris 15e », « Paris 15ème », « Paris XVe », « PARIS 15 » (La Poste's label), « Lyon 3 »,
// « Marseille 1er ». The communes reference names them « Paris 15e Arrondissement ».

/** Each city with arrondissements and how many it has (INSEE COG). */
const VILLES: Readonly<Record<string, number>> = { paris: 20, lyon: 9, marseille: 16 };

const ROMAINS: Readonly<Record<string, number>> = { i: 1, v: 5, x: 10 };

/** A Roman numeral of i, v and x (up to xx), or NaN. */
function romain(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAINS[s[i]!]!;
    const suivant = ROMAINS[s[i + 1] ?? ''] ?? 0;
    n += v < suivant ? -v : v;
  }
  return /^x{0,2}(?:ix|iv|v?i{0,3})$/.test(s) ? n : Number.NaN;
}

const ARRONDISSEMENT =
  /^(paris|lyon|marseille) ?(\d{1,2}|[ivx]{1,5}) ?(?:er|ere|e|eme|ieme|em)?(?: arr(?:ondissement)?)?$/;

/**
 * The reference's normalised name of the arrondissement a normalised name designates (« paris 15 »,
 * « paris xve », « paris 15eme arrondissement » → 'paris 15e arrondissement'; « marseille 1 » →
 * 'marseille 1er arrondissement'), or null: not a city with arrondissements followed by a number
 * it has (« lyon 12 » is no arrondissement).
 */
export function arrondissementTape(nom: string): string | null {
  const m = ARRONDISSEMENT.exec(nom);
  if (!m) return null;
  const ville = m[1]!;
  const n = /^\d/.test(m[2]!) ? Number(m[2]) : romain(m[2]!);
  if (!(n >= 1 && n <= VILLES[ville]!)) return null;
  return `${ville} ${n}${n === 1 ? 'er' : 'e'} arrondissement`;
}

/** Each city with arrondissements: its département's number (« paris 75 » is the département). */
const DEPARTEMENT_DE_LA_VILLE: Readonly<Record<string, string>> = {
  paris: '75',
  lyon: '69',
  marseille: '13',
};

/**
 * The number typed after a city with arrondissements (normalised: « paris », « 21 » or « 21e ») that
 * is none of its arrondissements nor its département's number (« paris 21 », « lyon 12 »): the number,
 * and how many arrondissements the city has. Null otherwise (« paris 15 », « paris 75 », « nantes 21 »).
 */
export function arrondissementInexistant(
  ville: string,
  suivant: string,
): { numero: number; arrondissements: number } | null {
  const n = VILLES[ville];
  const m = /^(\d{1,2})(?:er|ere|e|eme|ieme|em)?$/.exec(suivant);
  if (
    !n ||
    !m ||
    Number(m[1]) === 0 ||
    arrondissementTape(`${ville} ${suivant}`) ||
    m[1] === DEPARTEMENT_DE_LA_VILLE[ville]
  )
    return null;
  return { numero: Number(m[1]), arrondissements: n };
}

/**
 * `q` with an arrondissement glued to its city spaced out (« paris15 » → « paris 15 », « Lyon3e » →
 * « Lyon 3e », « marseille1er », « marseille17è » → « marseille 17è »: a number it has not, read so too), as « Où ? » reads it: the city is then a word, its number another.
 */
export const arrondissementsDecolles = (q: string): string =>
  q.replace(
    /(^|[^\p{L}\p{N}])(paris|lyon|marseille)(\d{1,2}(?:er|ère|ere|e|è|ème|eme|ième|ieme|em)?)(?![\p{L}\p{N}])/giu,
    '$1$2 $3',
  );

/**
 * The « general » postal code people give a city with arrondissements (75000, 13000, 69000):
 * no commune has it (La Poste's codes are the arrondissements', 75001…), and it means the whole
 * city. The city's normalised name, or null.
 */
export function villeDuCodeGeneral(cp: string): string | null {
  return Object.entries(CODES_GENERAUX).find(([, v]) => v === cp)?.[0] ?? null;
}

/** Each city with arrondissements: the « general » postal code people give it (read, never shown). */
const CODES_GENERAUX: Readonly<Record<string, string>> = {
  paris: '75000',
  lyon: '69000',
  marseille: '13000',
};
