// Placeholders are not data: what real exports write where they have nothing to say.
//
// Source: the LHEO 2.3 schema's conventions for mandatory elements (« Non renseigné »,
// SIRET 00000000000000, NDA 00000000000), and what regional LHEO exports and campaign workbooks
// carry in practice (`-` as raison sociale, NDA 99999999999, « NR », « N/A »). Every importer
// (LHEO, workbook, API writes through formation.snapshot.ts) reads them as "unknown": never
// stored over a real value, never exported as a name.

const sansAccents = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');

/** Words meaning "not filled", compared without case, accents, final dots or plural marks. */
const MOTS = new Set([
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
  if (/^[-–—_.?/*\s]+$/.test(s)) return true;
  const compact = s.replace(/[\s.]/g, '');
  if (/^(?:0{5,}|9{5,})$/.test(compact)) return true;
  if (/^0{7}[a-z]$/i.test(compact)) return true;
  const mot = sansAccents(s).toLowerCase().replace(/\s+/g, ' ').replace(/\.$/, '');
  return MOTS.has(mot);
}

/** `v` trimmed, or null when empty or a placeholder (see isInconnu). */
export function connu(v: string | null | undefined): string | null {
  if (v == null) return null;
  const s = v.trim();
  return s === '' || isInconnu(s) ? null : s;
}
