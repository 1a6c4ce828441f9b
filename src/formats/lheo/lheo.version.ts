// The version of a formation carried by Offre's own LHEO export (`<extras info="offre">`), so that
// an older export sent back never silently undoes a change made in Offre since (the space's forms
// carry theirs in a hidden field: services/espace-version.ts). Three extras of the <formation>:
// `formation` its id in Offre, `version` its writer's version (the API's ETag without its quotes:
// db/formation.repository.ts selectEtatEcriture — the write counter and the open revision), and
// `exporte-le` the export's instant (ISO 8601). A file from another system has none: the file is
// the truth, applied as it always was.

/** The version of one formation as Offre's export wrote it. */
export interface VersionExport {
  /** The formation's id in Offre. */
  readonly formation: string;
  /** Its writer's version at the export (32 hexadecimal characters). */
  readonly version: string;
  /** The export's instant (ISO 8601), null when missing or unreadable. */
  readonly exporteLe: string | null;
}

export const EXTRA_FORMATION = 'formation';
export const EXTRA_VERSION = 'version';
export const EXTRA_EXPORTE_LE = 'exporte-le';

/** The extras that carry `v`, for the writer (lheo.writer.ts). */
export const extrasVersion = (v: VersionExport | undefined): [string, string | null][] =>
  v
    ? [
        [EXTRA_FORMATION, v.formation],
        [EXTRA_VERSION, v.version],
        [EXTRA_EXPORTE_LE, v.exporteLe],
      ]
    : [];

/**
 * The version a record's Offre extras carry, or undefined when they carry none: both the id and
 * the version are needed (a file edited by hand that keeps one of them is read as a file without).
 */
export function versionExport(extras: ReadonlyMap<string, string>): VersionExport | undefined {
  const formation = extras.get(EXTRA_FORMATION)?.trim();
  const version = extras.get(EXTRA_VERSION)?.trim();
  if (!formation || !version) return undefined;
  const date = extras.get(EXTRA_EXPORTE_LE)?.trim();
  const exporteLe = date && !Number.isNaN(Date.parse(date)) ? date : null;
  return { formation, version, exporteLe };
}

/**
 * The refusal of a record whose formation changed in Offre since its export (LHEO_VERSION_ANCIENNE),
 * as the preview (`apercu`: what applying would do) and the import say it: which record, when the
 * file was exported (`exporte`, in words, null when the file does not say), who changed the
 * formation last (`par`, « par X le … », or ''), and what to do.
 */
export function messageVersionAncienne(o: {
  readonly index: number;
  readonly ligne: number;
  readonly numero: string;
  readonly exporte: string | null;
  readonly par: string;
  readonly apercu: boolean;
}): string {
  const depuis = o.exporte
    ? `depuis l’export de ce fichier le ${o.exporte}`
    : 'depuis l’export de ce fichier';
  const par = o.par ? ` (dernière modification ${o.par})` : '';
  const sort = o.apercu ? 'ne sera pas mise à jour' : 'n’a pas été mise à jour';
  return `Formation n° ${o.index} (ligne ${o.ligne}) : la formation « ${o.numero} » a été modifiée dans Offre ${depuis}${par} : elle ${sort} par ce fichier, pour ne pas remplacer ce changement par les valeurs plus anciennes du fichier. Exportez de nouveau votre offre (« Télécharger votre offre au format LHEO », page Imports de votre espace), reportez-y vos modifications, puis importez ce nouveau fichier. Les autres formations du fichier sont importées comme d’habitude.`;
}
