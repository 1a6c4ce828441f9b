import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Formation } from '../../domain/formation.schema.ts';
import type { ColonneCsv } from '../csv/offre-csv.writer.ts';
import {
  celluleXlsx,
  entreeZipDeLaFeuille,
  FEUILLE_XLSX,
  texteXlsx,
  writeXlsx,
} from './offre-xlsx.writer.ts';

// The streaming XLSX writer, read back with exceljs: rows, cell types, formula-like texts kept as strings,
// SpreadsheetML escaping, and the wait for exceljs's zip (backpressure) that bounds its memory.

/** What Excel does with an ST_Xstring: `_xHHHH_` back to its UTF-16 code unit. */
const decode = (s: string) =>
  s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));

// Minimal formations: the writer only reads `sessions` (one row each) and what the columns read.
const formation = (id: string, intitule: string, sessions: number) =>
  ({
    id,
    intitule,
    sessions: Array.from({ length: sessions }, (_, i) => ({ cle_externe: `S${i}`, capacite: i })),
  }) as unknown as Formation;

const COLONNES: readonly ColonneCsv[] = [
  { nom: 'formation_id', valeur: ({ f }) => f.id },
  { nom: 'intitule', valeur: ({ f }) => f.intitule },
  { nom: 'session', valeur: ({ s }) => s?.cle_externe ?? null },
  { nom: 'capacite', valeur: ({ s }) => (s ? (s as unknown as { capacite: number }).capacite : null) },
  { nom: 'publique', valeur: ({ s }) => s !== null },
];

async function* pages(list: Formation[], taille: number) {
  for (let i = 0; i < list.length; i += taille) yield list.slice(i, i + taille);
}

async function ecrire(list: Formation[], taille: number, out: Writable = new PassThrough()) {
  const chunks: Buffer[] = [];
  if (out instanceof PassThrough) out.on('data', (c: Buffer) => chunks.push(c));
  const n = await writeXlsx(out, pages(list, taille), undefined, COLONNES);
  const wb = new ExcelJS.Workbook();
  if (out instanceof PassThrough) await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return { n, wb };
}

describe('celluleXlsx / texteXlsx', () => {
  it('keeps numbers as numbers, booleans as oui/non, null empty', () => {
    expect(celluleXlsx(45.76)).toBe(45.76);
    expect(celluleXlsx(true)).toBe('oui');
    expect(celluleXlsx(false)).toBe('non');
    expect(celluleXlsx(null)).toBeNull();
    expect(celluleXlsx(undefined)).toBeNull();
  });
  it('keeps a text that looks like a formula as it is (a string cell is never evaluated)', () => {
    // Before: an apostrophe in front, as in the CSV, which the user saw in the cell.
    for (const t of ['=1+1', '@SUM(A1)', '+cmd|calc', '-2+3', '+33 4 72 00 00 00', '-12'])
      expect(celluleXlsx(t)).toBe(t);
  });
  it('escapes what SpreadsheetML cannot carry, and literal _xHHHH_, reversibly', () => {
    expect(texteXlsx('a\u0001b')).toBe('a_x0001_b');
    expect(texteXlsx('x_x0041_y')).toBe('x_x005F_x0041_y');
    expect(texteXlsx('fin\r\nligne')).toBe('fin_x000D_\nligne');
    expect(texteXlsx('\uFFFE\uD800')).toBe('_xFFFE__xD800_');
    expect(texteXlsx('tab\tet é ✓ 😀 _x12_ <&>')).toBe('tab\tet é ✓ 😀 _x12_ <&>');
    for (const s of ['a\u0001b\u000bc', 'x_x0041_y', '_x005F_', 'r\r\n', '\uFFFF\uDC00z', 'ok'])
      expect(decode(texteXlsx(s))).toBe(s);
  });
});

describe('writeXlsx', () => {
  it('writes the header, one row per formation × session over several pages, frozen header', async () => {
    const list = Array.from({ length: 251 }, (_, i) => formation(`F${i}`, `Formation ${i}`, i % 3));
    const { n, wb } = await ecrire(list, 40);
    expect(n).toBe(251);
    const ws = wb.getWorksheet(FEUILLE_XLSX)!;
    expect(ws.getRow(1).values).toEqual([
      undefined,
      'formation_id',
      'intitule',
      'session',
      'capacite',
      'publique',
    ]);
    // 0 sessions → one row with empty session columns; 1 and 2 sessions → one and two rows.
    const attendu = list.reduce((t, f) => t + Math.max(1, f.sessions.length), 0);
    expect(ws.actualRowCount).toBe(attendu + 1);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const derniere = ws.getRow(attendu + 1);
    expect(derniere.getCell(1).value).toBe('F250');
    expect(derniere.getCell(4).value).toBe(0);
    expect(typeof derniere.getCell(4).value).toBe('number');
    expect(derniere.getCell(5).value).toBe('oui');
    expect(ws.getRow(2).getCell(3).value).toBeNull(); // F0: no session
    expect(ws.getRow(2).getCell(5).value).toBe('non');
  });

  it('produces a readable file whatever the text, escaped; a formula-like text stays a string', async () => {
    const textes = [
      '=HYPERLINK("http://x")',
      'a\u0001b',
      '\uFFFE',
      'x_x0041_y',
      '<b>&</b> "q" \'s\'',
      'l1\r\nl2',
    ];
    const { wb } = await ecrire(
      textes.map((t, i) => formation(`F${i}`, t, 1)),
      2,
    );
    const ws = wb.getWorksheet(FEUILLE_XLSX)!;
    const lus = textes.map((_, i) => ws.getRow(i + 2).getCell(2).value as string);
    // A string cell (t="inlineStr"), not a formula: the original text, no apostrophe.
    expect(ws.getRow(2).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(lus[0]).toBe('=HYPERLINK("http://x")');
    expect(lus.slice(1).map(decode)).toEqual(textes.slice(1));
  });

  it('finds where exceljs buffers the sheet XML (else memory would grow silently after an upgrade)', () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: new PassThrough(),
      useStyles: false,
      useSharedStrings: false,
    });
    const ws = wb.addWorksheet('t');
    ws.addRow(['a']).commit();
    expect(entreeZipDeLaFeuille(ws)).not.toBeNull();
  });

  it('waits for a slow output instead of buffering, and completes', async () => {
    let ecrits = 0;
    let enAttenteMax = 0;
    const lente = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, done) {
        ecrits += chunk.length;
        enAttenteMax = Math.max(enAttenteMax, lente.writableLength);
        setTimeout(done, 1);
      },
    });
    const list = Array.from({ length: 3000 }, (_, i) =>
      formation(`F${i}`, `Formation ${'x'.repeat(200)} ${i}`, 2),
    );
    const { n } = await ecrire(list, 100, lente);
    await new Promise<void>((r) => lente.end(r));
    expect(n).toBe(3000);
    expect(ecrits).toBeGreaterThan(100_000);
    // Without the waits, the whole zip (hundreds of KB) would queue in the output's buffer.
    expect(enAttenteMax).toBeLessThan(ecrits / 2);
  });
});

describe('date columns (fresh user, 07/12: dates were text in French Excel)', () => {
  it('are real date cells with a date format; timestamps at Paris wall-clock time; numbers stay numbers', async () => {
    const f = {
      id: 'F1',
      created_at: '2026-07-01T08:30:00.000Z',
      sessions: [{ debut: '2026-09-01', fin: '2028-06-30', lieu: { lat: 48.0611 } }],
    } as unknown as Formation;
    const colonnes: readonly ColonneCsv[] = [
      { nom: 'formation_created_at', type: 'horodatage', valeur: ({ f }) => f.created_at },
      { nom: 'debut', type: 'date', valeur: ({ s }) => s?.debut },
      { nom: 'fin', type: 'date', valeur: ({ s }) => s?.fin },
      { nom: 'lieu_lat', valeur: ({ s }) => s?.lieu.lat },
    ];
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await writeXlsx(out, pages([f], 1), undefined, colonnes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const row = wb.getWorksheet(FEUILLE_XLSX)!.getRow(2);
    expect(row.getCell(1).value).toEqual(new Date(Date.UTC(2026, 6, 1, 10, 30, 0))); // 10:30 in Paris (CEST)
    expect(row.getCell(1).numFmt).toBe('dd/mm/yyyy hh:mm:ss');
    expect(row.getCell(2).value).toEqual(new Date(Date.UTC(2026, 8, 1)));
    expect(row.getCell(2).numFmt).toBe('dd/mm/yyyy');
    expect(row.getCell(3).value).toEqual(new Date(Date.UTC(2028, 5, 30)));
    expect(row.getCell(4).value).toBe(48.0611);
  });
});
