import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { openZip } from './zip.reader.ts';

export interface XlsxRow {
  readonly ligne: number;
  readonly valeurs: string[];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof Date) {
    const d = v.toISOString().slice(0, 10).split('-');
    return `${d[2]}/${d[1]}/${d[0]}`;
  }
  const o = v as { richText?: { text: string }[]; text?: string; result?: unknown };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if (o.text !== undefined) return String(o.text);
  if (o.result !== undefined) return cellText(o.result);
  return '';
}

// exceljs's streaming reader internals driven below: one part at a time, in the order we choose.
interface FeuilleLue extends AsyncIterable<ExcelJS.Row> {
  name: string;
  state?: string;
}
interface LecteurParties {
  workbookRels?: { Id: string; Type: string; Target: string }[];
  model?: { sheets?: { name: string; rId: string; state?: string }[] };
  _parseRels(part: Readable): Promise<void>;
  _parseWorkbook(part: Readable): Promise<void>;
  _parseSharedStrings(part: Readable): AsyncIterable<unknown>;
  _parseWorksheet(part: Readable, sheetNo: string): Iterable<{ value: FeuilleLue }>;
}

/** 'worksheets/sheet1.xml' (relative to xl/) or '/xl/worksheets/sheet1.xml' (absolute) → 'xl/worksheets/sheet1.xml'. */
const partieCible = (cible: string) => (cible.startsWith('/') ? cible.slice(1) : `xl/${cible}`);

/**
 * The worksheets of an .xlsx file in workbook order (xl/workbook.xml), each named as there and
 * streamed row by row: constant memory. Each part is opened at random access (yauzl) and parsed by
 * exceljs's streaming reader. exceljs's own single pass over the zip (unzipper) is not used: when
 * the reader is slower than the file is read, it drops the last parts silently (exceljs issue
 * #3064) — the workbook part lost, so sheets named « Sheet1 », and even whole sheets missing.
 * Errors: the zip's own (yauzl) for a damaged archive; `Error` when xl/workbook.xml is absent.
 */
async function* ouvrir(path: string): AsyncGenerator<FeuilleLue> {
  const zip = await openZip(path);
  const ouvertes: Readable[] = []; // destroyed at the end: a reader may stop before a part's end
  const lire = async (m: { open(): Promise<Readable> }) => {
    const flux = await m.open();
    ouvertes.push(flux);
    return flux;
  };
  try {
    const partie = (nom: string) => zip.membres.find((m) => m.nom.toLowerCase() === nom.toLowerCase());
    const lecteur = new ExcelJS.stream.xlsx.WorkbookReader(path, {
      sharedStrings: 'cache',
      hyperlinks: 'ignore',
      styles: 'ignore',
      worksheets: 'emit',
    }) as unknown as LecteurParties;
    const rels = partie('xl/_rels/workbook.xml.rels');
    if (rels) await lecteur._parseRels(await lire(rels));
    const classeur = partie('xl/workbook.xml');
    if (!classeur) throw new Error('xl/workbook.xml absent : ce n’est pas un classeur .xlsx');
    await lecteur._parseWorkbook(await lire(classeur));
    const relSs = lecteur.workbookRels?.find((r) => r.Type.endsWith('/sharedStrings'));
    const ss = partie(relSs ? partieCible(relSs.Target) : 'xl/sharedStrings.xml');
    if (ss) for await (const _ of lecteur._parseSharedStrings(await lire(ss)));
    for (const [i, s] of (lecteur.model?.sheets ?? []).entries()) {
      const rel = lecteur.workbookRels?.find((r) => r.Id === s.rId);
      const membre = rel && partie(partieCible(rel.Target));
      if (!membre) continue;
      const numero = /sheet(\d+)\.xml$/i.exec(membre.nom)?.[1] ?? String(i + 1);
      for (const { value: feuille } of lecteur._parseWorksheet(await lire(membre), numero)) {
        feuille.name = s.name;
        feuille.state = s.state;
        yield feuille;
      }
    }
  } finally {
    for (const flux of ouvertes) flux.destroy();
    zip.close();
  }
}

async function* lignesNonVides(sheet: unknown): AsyncGenerator<XlsxRow> {
  for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
    const values = (row.values as unknown[]).slice(1).map(cellText);
    if (values.some((v) => v.trim() !== '')) yield { ligne: row.number, valeurs: values };
  }
}

/**
 * Streams the non-blank rows of one worksheet (0-based, in workbook order; the first by
 * default) with the exceljs streaming reader: constant memory.
 */
export async function* readXlsxRows(path: string, feuille = 0): AsyncGenerator<XlsxRow> {
  let i = 0;
  for await (const sheet of ouvrir(path)) {
    if (i++ < feuille) continue;
    yield* lignesNonVides(sheet);
    return;
  }
}

/** The first `n` non-blank rows of every worksheet, with its name (a kit workbook opens on a presentation sheet). */
export async function readXlsxHeads(path: string, n: number): Promise<{ nom: string; lignes: string[][] }[]> {
  const out: { nom: string; lignes: string[][] }[] = [];
  for await (const sheet of ouvrir(path)) {
    const lignes: string[][] = [];
    for await (const row of lignesNonVides(sheet)) {
      lignes.push(row.valeurs.map((v) => v.trim()));
      if (lignes.length >= n) break;
    }
    out.push({ nom: sheet.name, lignes });
  }
  return out;
}
