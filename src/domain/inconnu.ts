// Placeholders are not data: what real exports write where they have nothing to say.
//
// Source: the LHEO 2.3 schema's conventions for mandatory elements (« Non renseigné »,
// SIRET 00000000000000, NDA 00000000000), and what regional LHEO exports and campaign workbooks
// carry in practice (`-` as raison sociale, NDA 99999999999, « NR », « N/A »). Every importer
// (LHEO, workbook, API writes through formation.snapshot.ts) reads them as "unknown": never
// stored over a real value, never exported as a name.

const NON_ASCII = /[^\x20-\x7e]/;
const sansAccents = (s: string) => (!NON_ASCII.test(s) ? s : s.normalize('NFD').replace(/\p{M}/gu, ''));
const PONCTUATION = /^[-–—_.?/*\s]+$/;
/** First letters of the words below; 16 characters that are neither whitespace nor marks. */
const PREMIERES = new Set(['n', 'i', 'u']);
const LONG = /(?:[^\s\p{M}][\s\p{M}]*){16}/u;
/** Five 0s or more, five 9s or more, or seven 0s and a letter, with dots and whitespace anywhere. */
const IDENTIFIANT = /^[\s.]*(?:(?:0[\s.]*){5,}|(?:9[\s.]*){5,}|(?:0[\s.]*){7}[a-z][\s.]*)$/i;

/** Words meaning "not filled", compared without case, accents, final dots or plural marks. */
export const MOTS_INCONNUS: ReadonlySet<string> = new Set([
  'non renseigne',
  'non renseignee',
  'non renseignes',
  'non renseignees',
  'non communique',
  'non communiquee',
  'non precise',
  'non precisee',
  'non defini',
  'non definie',
  'inconnu',
  'inconnue',
  'neant',
  'nr',
  'nc',
  'na',
  'n/a',
  'n.a',
  'n.r',
  'n.c',
  'nd',
  'n/d',
  'null',
  'undefined',
]);

/**
 * True when `v` is a placeholder for an unknown value: only punctuation (`-`, `--`, `.`, `?`,
 * `/`, `*`, `_`), a "not filled" word (« Non renseigné », « NR », « N/A », « inconnu »…), or an
 * identifier made of one repeated 0 or 9 (SIRET 00000000000000, NDA 99999999999, code postal
 * 00000, téléphone 0000000000; 5 digits or more) or UAI 0000000A. Empty and null are not
 * placeholders (they are "not filled", handled by each caller).
 */
export function isInconnu(v: string | null | undefined): boolean {
  if (v == null) return false;
  const s = v.trim();
  if (s === '') return false;
  if (PONCTUATION.test(s)) return true;
  const c = s.charCodeAt(0);
  // Identifiers: they start with 0, 9 or a dot (dots and whitespace are dropped before comparing:
  // matched between the digits, without building the string without them — every telephone
  // number of an import starts with 0).
  if ((c === 0x30 || c === 0x39 || c === 0x2e) && IDENTIFIANT.test(s)) return true;
  // The checks below are the definition; they only spare the cost of the comparison (called on
  // every text of every import). Every word starts with n, i or u whatever its case and accents,
  // and a first character in ASCII stays itself once accents are stripped.
  if (c < 0x80 && !PREMIERES.has(s[0]!.toLowerCase())) return false;
  // A word has at most 15 characters other than whitespace: 16 characters other than whitespace
  // and combining marks (which the comparison drops or keeps as one) rule a long text out.
  if (s.length > 16 && LONG.test(s)) return false;
  const mot = sansAccents(s).toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
  return MOTS_INCONNUS.has(mot);
}

/** `v` trimmed, or null when empty or a placeholder (see isInconnu). */
export function connu(v: string | null | undefined): string | null {
  if (v == null) return null;
  const s = v.trim();
  return s === '' || isInconnu(s) ? null : s;
}

/** A run of 9s (`99999`, `99 999`): a postal or INSEE code no commune has, never a placeholder. */
const NEUFS = /^[\s.]*9[\s.9]*$/;

/**
 * A postal or INSEE code of a place (`sessions[].lieu.code_postal`, `code_insee`): `v` trimmed, or
 * null when empty or a placeholder (see isInconnu) — but a run of 9s (`99999`) is kept as written:
 * it is a code the rule LIEU_COMMUNE reports (« Le code postal 99999 … n’existe pas »), not an
 * unknown one (LHEO's unknown postal code is `00000`, lheo.codes.ts INCONNU), so a place given
 * with it is kept as given rather than emptied without a word.
 */
export function codeLieuConnu(v: string | null | undefined): string | null {
  if (v == null) return null;
  const s = v.trim();
  return NEUFS.test(s) ? s : connu(s);
}
