import { pluriel } from './pluriel.ts';

// The communes a reference import renames (src/db/referentiel.repository.ts computeDiff
// `renommages`), as the command's summary and the reference data page name them.

/** Communes named, at most, before « … et N autres » (as the removals, docs/referentiels.md). */
export const RENOMMAGES_NOMMES = 5;

/** Renamed communes: how many, and a few by INSEE code, old name → new. */
export interface Renommages {
  readonly nombre: number;
  readonly exemples: readonly {
    readonly code_insee: string;
    readonly avant: string;
    readonly apres: string;
  }[];
}

/** « Communes renommées : 85113 L’Ile-d’Yeu → L’Île-d’Yeu, … et 3 autres. », or null when none. */
export function phraseRenommages(r: Renommages | undefined): string | null {
  if (!r?.nombre) return null;
  const noms = r.exemples.slice(0, RENOMMAGES_NOMMES);
  const reste = r.nombre - noms.length;
  return `Communes renommées : ${noms.map((c) => `${c.code_insee} ${c.avant} → ${c.apres}`).join(', ')}${reste > 0 ? `… et ${pluriel(reste, 'autre', 'autres')}` : ''}.`;
}

/** A commune of the file that the built-in list, newer, knows otherwise: kept as the list has it. */
export interface PlusRecente {
  readonly code_insee: string;
  /** The name the file gives. */
  readonly fichier: string;
  /** What the list says: the current name, or « commune déléguée de X (code) ». */
  readonly liste: string;
}

/** How many communes the list kept over the file, and a few (the first ones of the file). */
export interface PlusRecentes {
  readonly nombre: number;
  readonly exemples: readonly PlusRecente[];
}

/**
 * « Gardées comme la liste intégrée (plus récente) les a : 19248 Saint-Ybard → Les Trois-Saints,
 * 93059 Pierrefitte-sur-Seine → commune déléguée de Saint-Denis (93066)… et 3 autres. », or null.
 */
export function phrasePlusRecentes(r: PlusRecentes | undefined): string | null {
  if (!r?.nombre) return null;
  const noms = r.exemples.slice(0, RENOMMAGES_NOMMES);
  const reste = r.nombre - noms.length;
  return `Communes gardées comme la liste intégrée, plus récente que le fichier, les connaît : ${noms.map((c) => `${c.code_insee} ${c.fichier} → ${c.liste}`).join(', ')}${reste > 0 ? `… et ${pluriel(reste, 'autre', 'autres')}` : ''}.`;
}
