import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import type { CleColonne, Colonne } from './classeur.columns.ts';
import type { Valeurs } from './classeur.rows.ts';
import { canoniser, formeComparee } from './classeur.values.ts';

// Optimistic concurrency for the campaign workbook (docs/campagnes.md « Classeur périmé »): the
// export writes, in a very hidden sheet, when it was generated and, for each row, a fingerprint of
// every value it was generated with. On return, a value equal to its fingerprint was not touched
// by the organisation: if Offre changed it since, Offre's newer value is kept.

export const FEUILLE_VERSIONS = 'Versions';
/** The column of a row's fingerprints in FEUILLE_VERSIONS, as the warnings name it. */
export const COLONNE_EMPREINTES = 'B';
const ENTETE_GENERE = 'Généré le';
const ENTETE_REFERENCE = 'Référence formation';
const ENTETE_ORGANISME = 'Organisme';

/** What the workbook was generated with: ISO instant, and per reference the fingerprint of each column. */
export interface VersionsClasseur {
  readonly genereLe: string;
  readonly parReference: Readonly<Record<string, Partial<Record<CleColonne, string>>>>;
  /**
   * The SIRET of the organisme whose workbook it is (14 digits): the import reads the references
   * in that organisme's offer only. Absent from the workbooks exported before it was written.
   */
  readonly organisme?: string;
  /**
   * Per reference whose version cell (column B) is not what the export writes (edited, emptied,
   * retyped): the row number of that cell in the `Versions` sheet. Such a row is read as having no
   * version (CLASSEUR_VERSION_INVALIDE, a warning): it never stops the import.
   */
  readonly invalides?: Readonly<Record<string, number>>;
}

/** 8 hex chars (32 bits) of SHA-256 of the canonical value (null: no value). Enough to tell "the same text" apart. */
export function empreinte(valeur: string | null): string {
  return createHash('sha256')
    .update(valeur === null ? '\u0000' : `=${valeur}`)
    .digest('hex')
    .slice(0, 8);
}

/** The canonical value of column `c` as the import compares it (a value the store refuses: as it is). */
export function canonique(c: Colonne, brut: string | null): string | null {
  const r = canoniser(c, brut);
  return r.ok ? r.valeur : brut;
}

/**
 * The fingerprints of one exported row, in column order after the reference: of each value in
 * the form the import compares it (classeur.values.ts formeComparee: a telephone by its number),
 * so that another writing of it in the returned cell is still « untouched ».
 */
export function empreintesLigne(colonnes: readonly Colonne[], v: Valeurs): string[] {
  return colonnes
    .filter((c) => c.cle !== 'reference')
    .map((c) => empreinte(formeComparee(c, canonique(c, v[c.cle as CleColonne] ?? null))));
}

/**
 * Whether the canonical value `valeur` of column `c` is the one fingerprinted `exporte`: in the
 * form compared (empreintesLigne), or as it is (the fingerprints of the workbooks exported before
 * the compared form was).
 */
export function vautEmpreinte(c: Colonne, valeur: string | null, exporte: string): boolean {
  if (empreinte(valeur) === exporte) return true;
  const comparee = formeComparee(c, valeur);
  return comparee !== valeur && empreinte(comparee) === exporte;
}

/**
 * Writes the hidden sheet (streaming worksheet, already created with state 'veryHidden'): row 1
 * `Généré le` and the ISO instant; row 2 `Référence formation` and the column keys, comma-separated;
 * row 3 `Organisme` and its SIRET (when given); then one row per exported row: its reference and its fingerprints concatenated in that order
 * (one cell a row: about 100 bytes a row once compressed).
 */
export function writeVersions(
  ws: ExcelJS.Worksheet,
  colonnes: readonly Colonne[],
  genereLe: Date,
  lignes: Iterable<readonly [string, readonly string[]]>,
  /** The organisme's SIRET, written on row 3 (`Organisme`). */
  organisme?: string,
): void {
  ws.addRow([ENTETE_GENERE, genereLe.toISOString()]).commit();
  ws.addRow([
    ENTETE_REFERENCE,
    colonnes
      .filter((c) => c.cle !== 'reference')
      .map((c) => c.cle)
      .join(','),
  ]).commit();
  // Row 3: not a reference row (its SIRET is no fingerprint), skipped by readers that predate it.
  if (organisme) ws.addRow([ENTETE_ORGANISME, organisme]).commit();
  for (const [reference, empreintes] of lignes) ws.addRow([reference, empreintes.join('')]).commit();
  ws.commit();
}

/**
 * The hidden sheet as read, each reference's fingerprints still one string: what the reader's
 * worker sends to the import (../isolation.ts). Splitting them by column is left to
 * `versionsDepliees` (all at once) or `versionsALaDemande` (a reference when the analysis asks):
 * the analysis reads the fingerprints of the rows it compares only, and 5,000 references times 24
 * columns are ≈ 120,000 small strings to allocate and to clone from one thread to the other.
 */
export interface VersionsLues {
  readonly genereLe: string;
  /** The column keys of row 2, in the order of the fingerprints. */
  readonly cles: readonly string[];
  /** Per reference, its fingerprints concatenated (8 hex chars a column, `cles` order). */
  readonly empreintes: ReadonlyMap<string, string>;
  readonly organisme?: string;
  readonly invalides?: Readonly<Record<string, number>>;
}

/**
 * Reads the hidden sheet back from its rows (row number, cells A and B, in row order). null when
 * the workbook has none (made before versions, or by hand) or when it is not what the export
 * writes (then the import treats the workbook as unversioned).
 */
export function readVersions(
  lignes: readonly (readonly [number, ExcelJS.CellValue, ExcelJS.CellValue])[] | null,
): VersionsClasseur | null {
  return versionsDepliees(lireVersions(lignes));
}

/** readVersions without splitting the fingerprints (VersionsLues). */
export function lireVersions(
  lignes: readonly (readonly [number, ExcelJS.CellValue, ExcelJS.CellValue])[] | null,
): VersionsLues | null {
  if (!lignes) return null;
  const texte = (v: ExcelJS.CellValue) => (typeof v === 'string' ? v.trim() : null);
  const ligne = (n: number) => lignes.find((l) => l[0] === n) ?? [n, null, null];
  const [, a1, b1] = ligne(1);
  const genereLe = texte(b1);
  if (texte(a1) !== ENTETE_GENERE || !genereLe || Number.isNaN(Date.parse(genereLe))) return null;
  const [, a2, b2] = ligne(2);
  if (texte(a2) !== ENTETE_REFERENCE) return null;
  const cles = (texte(b2) ?? '').split(',');
  const forme = new RegExp(`^[0-9a-f]{${8 * cles.length}}$`);
  const empreintes = new Map<string, string>();
  const invalides: Record<string, number> = {};
  const [, a3, b3] = ligne(3);
  const organisme = texte(a3) === ENTETE_ORGANISME ? texte(b3) : null;
  for (const [n, a, b] of lignes) {
    if (n <= 2 || (n === 3 && organisme !== null)) continue;
    const reference = texte(a);
    const tout = texte(b);
    if (!reference) continue;
    if (!tout || !forme.test(tout)) {
      invalides[reference] = n;
      continue;
    }
    // A reference seen again keeps its first place and takes its last row, as an object's key does.
    empreintes.set(reference, tout);
  }
  return {
    genereLe: new Date(genereLe).toISOString(),
    cles,
    empreintes,
    ...(organisme && /^\d{14}$/.test(organisme) ? { organisme } : {}),
    ...(Object.keys(invalides).length ? { invalides } : {}),
  };
}

/** One reference's fingerprints by column. */
function deplier(cles: readonly string[], tout: string): Partial<Record<CleColonne, string>> {
  const e: Partial<Record<CleColonne, string>> = {};
  cles.forEach((cle, i) => {
    e[cle as CleColonne] = tout.slice(8 * i, 8 * i + 8);
  });
  return e;
}

/** Every reference's fingerprints split by column, in one plain object. */
export function versionsDepliees(lues: VersionsLues | null): VersionsClasseur | null {
  if (!lues) return null;
  const { cles, empreintes, ...reste } = lues;
  const parReference: Record<string, Partial<Record<CleColonne, string>>> = {};
  for (const [reference, tout] of empreintes) parReference[reference] = deplier(cles, tout);
  return { ...avant(reste), parReference, ...apres(reste) };
}

/**
 * The same versions, each reference's fingerprints split the first time they are read (then
 * kept): `parReference` answers as the plain object of versionsDepliees does (reading, `in`,
 * keys, entries in the same order).
 */
export function versionsALaDemande(lues: VersionsLues | null): VersionsClasseur | null {
  if (!lues) return null;
  const { cles, empreintes, ...reste } = lues;
  const depliees = new Map<string, Partial<Record<CleColonne, string>>>();
  const lire = (reference: string) => {
    let e = depliees.get(reference);
    if (!e) {
      e = deplier(cles, empreintes.get(reference)!);
      depliees.set(reference, e);
    }
    return e;
  };
  const a = (cle: string | symbol): cle is string => typeof cle === 'string' && empreintes.has(cle);
  const parReference = new Proxy({} as Record<string, Partial<Record<CleColonne, string>>>, {
    get: (cible, cle, recepteur) => (a(cle) ? lire(cle) : Reflect.get(cible, cle, recepteur)),
    has: (cible, cle) => a(cle) || Reflect.has(cible, cle),
    // In an object's order (integer-like keys first, ascending), as versionsDepliees gives them.
    ownKeys: () => Reflect.ownKeys(Object.fromEntries([...empreintes.keys()].map((r) => [r, 0]))),
    getOwnPropertyDescriptor: (_, cle) =>
      a(cle) ? { value: lire(cle), writable: true, enumerable: true, configurable: true } : undefined,
  });
  return { ...avant(reste), parReference, ...apres(reste) };
}

// VersionsClasseur's keys in readVersions' order: genereLe, parReference, organisme, invalides.
const avant = (r: Omit<VersionsLues, 'cles' | 'empreintes'>) => ({ genereLe: r.genereLe });
const apres = (r: Omit<VersionsLues, 'cles' | 'empreintes'>) => ({
  ...(r.organisme !== undefined ? { organisme: r.organisme } : {}),
  ...(r.invalides !== undefined ? { invalides: r.invalides } : {}),
});
