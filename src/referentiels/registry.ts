import { colonnesClasseur } from '../formats/classeur/classeur.columns.ts';
import { enteteExportOffre } from '../formats/export-offre.ts';
import { acceImporter } from './acce.importer.ts';
import { bcnImporter } from './bcn.importer.ts';
import { communesImporter } from './communes.importer.ts';
import { cleEntete } from './entetes.ts';
import { kitImporter } from './kit.importer.ts';
import { lpofImporter } from './lpof.importer.ts';
import { marchesImporter } from './marches.importer.ts';
import { rncpImporter } from './rncp.importer.ts';
import { sireneImporter } from './sirene.importer.ts';
import type { Forme } from './sniff.ts';
import type { Importer, Jeu, Kind } from './types.ts';

/** Every importer, by kind. */
export const IMPORTERS: Readonly<Record<Kind, Importer>> = {
  rncp: rncpImporter,
  bcn: bcnImporter,
  kit: kitImporter,
  lpof: lpofImporter,
  sirene: sireneImporter,
  acce: acceImporter,
  communes: communesImporter,
  marches: marchesImporter,
};

/** What a file looks like among all kinds (to name it when it is given under the wrong kind). */
export function ressemblance(forme: Forme): { kind: Kind; jeu: Jeu } | null {
  for (const imp of Object.values(IMPORTERS)) {
    const jeu = imp.reconnaitre(forme);
    if (jeu) return { kind: imp.kind, jeu };
  }
  return null;
}

/** The header keys of Offre's own campaign workbook (any year: the two date columns aside). */
const CLES_CLASSEUR = new Set(
  colonnesClasseur(2000)
    .slice(0, -2)
    .map((c) => cleEntete(c.entete)),
);
/** A table with this many of those columns is a campaign workbook, whatever else it holds. */
const SEUIL_CLASSEUR = 6;

/**
 * The sheet name when the file is a campaign workbook of Offre (an organisme's offer), else null.
 * Such a workbook carries CFD and RNCP columns: without this check it would pass for a kit file.
 */
export function classeurDeCampagne(forme: Forme): string | null {
  if (forme.type !== 'xlsx') return null;
  for (const f of forme.feuilles ?? [{ nom: '', lignes: forme.lignes }])
    for (const ligne of f.lignes)
      if (ligne.filter((c) => CLES_CLASSEUR.has(cleEntete(c))).length >= SEUIL_CLASSEUR) return f.nom;
  return null;
}

/**
 * Offre's own CSV or XLSX export of the offer (its header row, export-offre.ts): its format and,
 * for an XLSX, its sheet; else null. Checked before classeurDeCampagne: an export carries enough
 * of the workbook's columns (Intitulé, Objectif, Capacité…) to pass for one.
 */
export function exportDeLOffre(forme: Forme): { format: 'CSV' | 'XLSX'; feuille: string | null } | null {
  if (forme.type === 'csv')
    return enteteExportOffre(forme.lignes[0] ?? []) ? { format: 'CSV', feuille: null } : null;
  if (forme.type !== 'xlsx') return null;
  for (const f of forme.feuilles ?? [{ nom: '', lignes: forme.lignes }])
    if (enteteExportOffre(f.lignes[0] ?? [])) return { format: 'XLSX', feuille: f.nom || null };
  return null;
}
