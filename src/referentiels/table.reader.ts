import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { OffreError } from '../domain/errors.ts';
import { nombre } from '../domain/nombres.ts';
import { cleanHeader, readCsv } from './csv.reader.ts';
import { asRecord } from './rows.ts';
import type { Forme } from './sniff.ts';
import { readXlsxRows } from './xlsx.reader.ts';
import { openZip } from './zip.reader.ts';

export interface TableSource {
  readonly forme: Forme;
  /** The file, or a zip member's opener. */
  readonly open: () => Promise<Readable>;
  readonly path: string;
  /** 0-based index of the header among the first rows (a title may come first). */
  readonly headerIndex?: number;
  /** Official spellings vary between versions: map a header cell to the one the schema uses. */
  readonly renameHeader?: (cell: string) => string;
  /** The worksheet of a workbook (0-based; the first by default). */
  readonly feuille?: number;
  /** BCN tables are not quoted at all. */
  readonly quote?: boolean;
}

export const fileSource = (path: string, forme: Forme, extra: Partial<TableSource> = {}): TableSource => ({
  path,
  forme,
  open: async () => createReadStream(path),
  ...extra,
});

/**
 * Streams the rows of a CSV or XLSX table as official records keyed by header name, with their line.
 * Throws REFERENTIEL_LIGNE_TRONQUEE (422) for a CSV whose last line is cut mid-row: no final newline
 * and fewer fields than the header (a download or a `head -c` stopped mid-way) — the whole file is
 * refused, every importer alike, rather than reading a partial row or a partial file as complete.
 */
export async function* readTable(
  src: TableSource,
): AsyncGenerator<{ ligne: number; record: Record<string, string> }> {
  const rows =
    src.forme.type === 'xlsx'
      ? readXlsxRows(src.path, src.feuille ?? 0)
      : src.forme.type === 'csv'
        ? readCsv(await src.open(), {
            encoding: src.forme.encoding,
            delimiter: src.forme.delimiter,
            quote: src.quote ?? true,
          })
        : null;
  if (!rows) throw new Error(`not a table: ${src.forme.type}`);
  let entete: string[] | null = null;
  let index = 0;
  const rename = src.renameHeader ?? ((c: string) => c);
  for await (const row of rows) {
    const { ligne, valeurs } = row;
    if (!entete) {
      if (index++ === (src.headerIndex ?? 0)) entete = cleanHeader(valeurs).map(rename);
      continue;
    }
    if ('finie' in row && !row.finie && valeurs.length < entete.length)
      throw tronquee(src.path, ligne, entete, valeurs);
    yield { ligne, record: asRecord(entete, valeurs) };
  }
}

/** The refusal of a last line cut mid-row, naming the file, the line and the first missing field. */
function tronquee(
  path: string,
  ligne: number,
  entete: readonly string[],
  valeurs: readonly string[],
): OffreError {
  const fichier = path.split('/').pop()!;
  const champ = entete[valeurs.length] ?? '';
  return new OffreError(
    'REFERENTIEL_LIGNE_TRONQUEE',
    `Le fichier ${fichier} se termine au milieu de la ligne ${nombre(ligne)} : ${nombre(valeurs.length)} champs sur ${nombre(entete.length)}, le champ « ${champ} » et les suivants manquent, sans fin de ligne. Fichier tronqué (téléchargement ou copie interrompus) ? Import refusé, aucun référentiel n’a été modifié : téléchargez-le de nouveau depuis sa source officielle.`,
    { fichier, ligne, colonne: champ },
    422,
  );
}

/**
 * The table of a plain file, or of the one zip member whose content `accept`s (INSEE and DEPP
 * distribute their CSV zipped); the zip stays open while the rows are read.
 */
export async function* readTableOrMembre(
  path: string,
  forme: Forme,
  accept: (f: Forme) => boolean,
  extra: Partial<TableSource> = {},
): AsyncGenerator<{ ligne: number; record: Record<string, string>; fichier: string }> {
  if (forme.type !== 'zip') {
    for await (const r of readTable(fileSource(path, forme, extra)))
      yield { ...r, fichier: path.split('/').pop()! };
    return;
  }
  const membre = forme.membres.find((m) => accept(m.forme));
  if (!membre) return;
  const zip = await openZip(path);
  try {
    const z = zip.membres.find((m) => m.nom === membre.nom)!;
    for await (const r of readTable({ ...extra, path, forme: membre.forme, open: () => z.open() }))
      yield { ...r, fichier: z.nom };
  } finally {
    zip.close();
  }
}

/**
 * The raw bytes of a plain file, or of the one zip member whose content `accept`s, with that
 * table's shape; `close` releases the zip. Null when the zip holds no such member.
 */
export async function openTableBytes(
  path: string,
  forme: Forme,
  accept: (f: Forme) => boolean,
): Promise<{ forme: Forme; fichier: string; bytes: Readable; close: () => void } | null> {
  if (forme.type !== 'zip')
    return { forme, fichier: path.split('/').pop()!, bytes: createReadStream(path), close: () => {} };
  const membre = forme.membres.find((m) => accept(m.forme));
  if (!membre) return null;
  const zip = await openZip(path);
  try {
    const z = zip.membres.find((m) => m.nom === membre.nom)!;
    return { forme: membre.forme, fichier: z.nom, bytes: await z.open(), close: () => zip.close() };
  } catch (e) {
    zip.close();
    throw e;
  }
}
