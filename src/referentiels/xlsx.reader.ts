import ExcelJS from 'exceljs';

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

const ouvrir = (path: string) =>
  new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });

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
    out.push({ nom: (sheet as { name?: string }).name ?? `feuille ${out.length + 1}`, lignes });
  }
  return out;
}
