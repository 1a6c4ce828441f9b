import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { colonnesClasseur, FEUILLE_OFFRE } from './classeur.columns.ts';
import { readClasseur } from './classeur.reader.ts';
import type { Valeurs } from './classeur.rows.ts';
import { writeClasseur } from './classeur.writer.ts';

// The warm-up of the reader's worker thread (../isolation.ts prechaufferIsole): the first workbook
// a process reads costs ≈ 1 s of CPU more than the next ones (lazy compilation and JIT of exceljs,
// of the guard and of the reader), on top of loading the modules. A small workbook, written as the
// export writes it then saved again by exceljs as Excel would (shared strings, a yellow row, a red
// cell), read once when the worker starts, pays it before any user's upload.

const LIGNES = 200;

/** Writes, re-saves and reads a LIGNES-row campaign workbook of made-up values; resolves with the rows read. */
export async function prechaufferLecture(annee = 2026): Promise<number> {
  const colonnes = colonnesClasseur(annee);
  const lignes: Valeurs[] = [];
  for (let i = 0; i < LIGNES; i++) {
    const v: Record<string, string> = {};
    for (const c of colonnes)
      v[c.cle] =
        c.genre === 'date'
          ? `${annee}-09-0${1 + (i % 9)}`
          : c.genre === 'entier'
            ? String(1 + (i % 30))
            : c.genre === 'ouinon'
              ? 'oui'
              : `${c.cle} ${i % 17} é`;
    lignes.push(v);
  }
  const sortie = new PassThrough();
  const morceaux: Buffer[] = [];
  sortie.on('data', (b: Buffer) => morceaux.push(b));
  await writeClasseur(
    sortie,
    {
      annee,
      libelleCampagne: `Campagne ${annee}`,
      siret: '00000000000000',
      raisonSociale: null,
      genereLe: new Date(),
    },
    lignes,
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(morceaux) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(FEUILLE_OFFRE)!;
  const jaune = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } } as const;
  for (let c = 1; c <= colonnes.length; c++) ws.getRow(3).getCell(c).fill = jaune;
  ws.getRow(4).getCell(2).font = { color: { argb: 'FFFF0000' } };
  const fichier = Buffer.from(await wb.xlsx.writeBuffer());
  return (await readClasseur(fichier, 'prechauffage.xlsx')).lignes.length;
}
