import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { colonnesClasseur, FEUILLE_OFFRE } from '../../src/formats/classeur/classeur.columns.ts';
import { readClasseurIsole } from '../../src/formats/classeur/classeur.isolated.ts';
import { readClasseur } from '../../src/formats/classeur/classeur.reader.ts';
import type { Valeurs } from '../../src/formats/classeur/classeur.rows.ts';
import { writeClasseur } from '../../src/formats/classeur/classeur.writer.ts';
import { fermerIsoles } from '../../src/formats/isolation.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// The import reads the workbook in a worker, which sends its `Versions` sheet as read (one string
// of fingerprints a reference) and leaves their split by column to the import's thread
// (classeur.versions.ts versionsALaDemande): what the import gets is what the reader gives in the
// process. No database: runs once, in the `pglite` project.

/** A campaign workbook of `n` rows for 2027 as the export writes it, then re-saved as Excel would, painted. */
async function classeur(n: number): Promise<Buffer> {
  const colonnes = colonnesClasseur(2027);
  const lignes: Valeurs[] = [];
  for (let i = 0; i < n; i++) {
    const v: Record<string, string> = {};
    for (const c of colonnes)
      v[c.cle] =
        c.genre === 'date'
          ? `2027-09-0${1 + (i % 9)}`
          : c.genre === 'entier'
            ? String(1 + (i % 30))
            : c.genre === 'ouinon'
              ? 'oui'
              : `${c.cle} ${i % 13} é`;
    v.reference = i % 50 === 7 ? String(1000 + i) : `F-${i}`; // a few integer-like references
    lignes.push(v);
  }
  const out = new PassThrough();
  const morceaux: Buffer[] = [];
  out.on('data', (b: Buffer) => morceaux.push(b));
  await writeClasseur(
    out,
    {
      annee: 2027,
      libelleCampagne: 'Campagne 2027',
      siret: '11111111100011',
      raisonSociale: null,
      genereLe: new Date('2026-11-24T10:00:00Z'),
    },
    lignes,
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(morceaux) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(FEUILLE_OFFRE)!;
  for (let c = 1; c <= colonnes.length; c++)
    ws.getRow(3).getCell(c).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  ws.getRow(4).getCell(2).font = { color: { argb: 'FFFF0000' } };
  ws.getRow(5).getCell(2).value = 'Intitulé changé';
  // The fingerprints of one row edited by hand: CLASSEUR_VERSION_INVALIDE for its reference.
  wb.getWorksheet('Versions')!.getRow(10).getCell(2).value = 'modifiée';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.skipIf(TEST_ENGINE === 'postgres')('workbook read in the worker', () => {
  afterAll(() => fermerIsoles());

  it('gives the import what the reader gives in the process: rows, colours, remarks, versions', async () => {
    const fichier = await classeur(300);
    const isole = await readClasseurIsole(fichier, 'campagne.xlsx');
    const local = await readClasseur(fichier, 'campagne.xlsx');
    expect(isole.lignes).toHaveLength(300);
    expect(isole.lignes.find((l) => l.ligne === 3)?.jaune).toBe('ligne');
    expect(isole.lignes.find((l) => l.ligne === 4)?.rouges).toEqual(['intitule']);
    expect(Object.keys(local.versions!.parReference)).toHaveLength(299);
    expect(local.versions!.invalides).toEqual({ 'F-6': 10 });
    expect(isole).toStrictEqual(local);
    expect(JSON.stringify(isole)).toBe(JSON.stringify(local));
    for (const reference of ['F-0', '1007', 'F-299', 'F-6', 'absente'])
      expect(isole.versions!.parReference[reference]).toEqual(local.versions!.parReference[reference]);
  });
});
