import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { colonnesClasseur, FEUILLE_OFFRE } from '../../src/formats/classeur/classeur.columns.ts';
import { LIMITES_LECTURE, readClasseurIsole } from '../../src/formats/classeur/classeur.isolated.ts';
import { type LigneLue, lettre, readClasseur } from '../../src/formats/classeur/classeur.reader.ts';
import type { Valeurs } from '../../src/formats/classeur/classeur.rows.ts';
import { writeClasseur } from '../../src/formats/classeur/classeur.writer.ts';
import { fermerIsoles, runIsole } from '../../src/formats/isolation.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// The reader's worker sends the rows in packets while it reads (classeur.reader.ts SurLignes), so
// that the import's thread decodes them meanwhile instead of one clone of every row at the end;
// merged cells make the sheet read again: the rows told so far are then forgotten. No database:
// runs once, in the `pglite` project.

/** A 2027 campaign workbook of `n` rows; `fusionner`: rows 3 to 5 share one merged « Intitulé » cell. */
async function classeur(n: number, fusionner = false): Promise<Buffer> {
  const lignes: Valeurs[] = [];
  for (let i = 0; i < n; i++)
    lignes.push({ reference: i % 3 === 2 ? null : `fo_${i}/se_${i}`, intitule: `Formation ${i}` });
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
  if (!fusionner) return Buffer.concat(morceaux);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(morceaux) as unknown as ArrayBuffer);
  const c = lettre(colonnesClasseur(2027).findIndex((x) => x.cle === 'intitule') + 1);
  wb.getWorksheet(FEUILLE_OFFRE)!.mergeCells(`${c}3:${c}5`);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.skipIf(TEST_ENGINE === 'postgres')('rows sent in packets while the workbook is read', () => {
  afterEach(() => fermerIsoles());

  it('sends every row in packets of 250 before an answer that carries none', async () => {
    const paquets: unknown[] = [];
    let repondu = false;
    const lu = await runIsole(
      'readClasseur',
      [await classeur(600), 'c.xlsx', true],
      LIMITES_LECTURE,
      { code: 'CLASSEUR_LECTURE', fichier: 'c.xlsx' },
      (etape) => {
        expect(repondu).toBe(false);
        paquets.push(etape);
      },
    ).finally(() => {
      repondu = true;
    });
    expect(lu.lignes).toEqual([]);
    expect(paquets.map((p) => (p as LigneLue[]).length)).toEqual([250, 250, 100]);
    const attendu = await readClasseur(await classeur(600), 'c.xlsx');
    expect((paquets as LigneLue[][]).flat()).toEqual(attendu.lignes);
  });

  it('forgets the rows sent when merged cells make the sheet read again: the rows are the process’s', async () => {
    const fichier = await classeur(600, true);
    const paquets: unknown[] = [];
    const isole = await readClasseurIsole(fichier, 'c.xlsx');
    await runIsole(
      'readClasseur',
      [fichier, 'c.xlsx', true],
      LIMITES_LECTURE,
      { code: 'CLASSEUR_LECTURE', fichier: 'c.xlsx' },
      (etape) => paquets.push(etape),
    );
    // The first read's packets (row 4, new, lost its only value to the merge: not a row), the
    // reset, the second read's (row 4 shows its merged « Intitulé »).
    expect(paquets.map((p) => (p === null ? null : (p as LigneLue[]).length))).toEqual([
      250,
      250,
      99,
      null,
      250,
      250,
      100,
    ]);
    const local = await readClasseur(fichier, 'c.xlsx');
    expect(local.lignes.slice(1, 4).map((l) => l.valeurs.intitule)).toEqual([
      'Formation 1',
      'Formation 1',
      'Formation 1',
    ]);
    expect(isole).toStrictEqual(local);
  });
});
