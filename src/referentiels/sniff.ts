import { estZip } from '../formats/zip.ts';
import { splitHeaderLine } from './csv.reader.ts';
import { decode, detectEncoding, type Encoding, fileHead, readHead } from './encoding.ts';
import { readXlsxHeads } from './xlsx.reader.ts';
import { openZip } from './zip.reader.ts';

// What a file looks like from its content (never its name): enough for every importer to
// recognise its own files and to name what a wrong file looks like.
export type Forme =
  | {
      readonly type: 'csv';
      readonly encoding: Encoding;
      readonly delimiter: string;
      readonly lignes: readonly string[][];
    }
  | { readonly type: 'xml'; readonly racine: string }
  | {
      readonly type: 'xlsx';
      /** The first rows of the first worksheet. */
      readonly lignes: readonly string[][];
      /** The first rows of every worksheet, in workbook order. */
      readonly feuilles?: readonly { readonly nom: string; readonly lignes: readonly string[][] }[];
    }
  | {
      readonly type: 'zip';
      readonly membres: readonly { readonly nom: string; readonly cle: string; readonly forme: Forme }[];
    }
  | { readonly type: 'inconnu' };

const HEAD_LINES = 5;
/** Workbooks put titles, notes and blank rows above their table: look further down. */
const XLSX_HEAD_LINES = 12;

export function formeTexte(head: Buffer): Forme {
  if (head.length === 0) return { type: 'inconnu' };
  const encoding = detectEncoding(head);
  const text = decode(head, encoding);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) {
    const m = /<([A-Za-z_][\w.:-]*)[\s>/]/.exec(
      trimmed.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, ''),
    );
    return m ? { type: 'xml', racine: m[1]! } : { type: 'inconnu' };
  }
  const raw = text.split('\n').slice(0, HEAD_LINES + 1);
  if (raw.length > HEAD_LINES) raw.pop(); // the last one may be cut
  const first = raw[0] ?? '';
  const counts = [';', ',', '\t', '|'].map((d) => [d, first.split(d).length - 1] as const);
  const [delimiter, n] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  if (n === 0) return { type: 'inconnu' };
  return { type: 'csv', encoding, delimiter, lignes: raw.map((l) => splitHeaderLine(l, delimiter)) };
}

export async function sniffFile(path: string): Promise<Forme> {
  const head = await fileHead(path, 64 * 1024);
  if (estZip(head)) return sniffZip(path);
  return formeTexte(head);
}

async function sniffZip(path: string): Promise<Forme> {
  const zip = await openZip(path);
  try {
    if (zip.membres.some((m) => m.nom === 'xl/workbook.xml')) {
      const feuilles = await readXlsxHeads(path, XLSX_HEAD_LINES);
      return { type: 'xlsx', lignes: feuilles[0]?.lignes.slice(0, HEAD_LINES) ?? [], feuilles };
    }
    const membres = [];
    for (const m of zip.membres) {
      const forme = /\.(csv|txt|xml)$/i.test(m.nom)
        ? formeTexte(await readHead(await m.open()))
        : ({ type: 'inconnu' } as const);
      membres.push({ nom: m.nom, cle: m.cle, forme });
    }
    return { type: 'zip', membres };
  } finally {
    zip.close();
  }
}

/**
 * The header row of a CSV/XLSX shape among its first lines (some workbooks put a title on row 1),
 * in every worksheet of a workbook (the table may sit after a presentation sheet): its 0-based
 * index among the non-blank rows, and the worksheet's index and name.
 */
export function enteteParmi(
  forme: Forme,
  accept: (header: readonly string[]) => boolean,
): { index: number; entete: string[]; feuille: number; nomFeuille: string | null } | null {
  if (forme.type !== 'csv' && forme.type !== 'xlsx') return null;
  const feuilles =
    forme.type === 'xlsx' && forme.feuilles ? forme.feuilles : [{ nom: null, lignes: forme.lignes }];
  for (const [f, feuille] of feuilles.entries())
    for (let i = 0; i < feuille.lignes.length; i++)
      if (accept(feuille.lignes[i]!))
        return { index: i, entete: [...feuille.lignes[i]!], feuille: f, nomFeuille: feuille.nom };
  return null;
}

export const premiereLigne = (forme: Forme): readonly string[] =>
  forme.type === 'csv' || forme.type === 'xlsx' ? (forme.lignes[0] ?? []) : [];
