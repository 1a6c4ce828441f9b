import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { readClasseurIsole } from '../../src/formats/classeur/classeur.isolated.ts';
import type { Valeurs } from '../../src/formats/classeur/classeur.rows.ts';
import { writeClasseur } from '../../src/formats/classeur/classeur.writer.ts';
import { fermerIsoles } from '../../src/formats/isolation.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// The reader's worker tells the rows' references in batches while it reads, so that the import
// loads the formations they name meanwhile (import-classeur.service.ts, Prechargement, PostgreSQL).
// No database: runs once, in the `pglite` project.

/** A 2027 campaign workbook of `n` rows, every third one new (no reference). */
async function classeur(n: number): Promise<Buffer> {
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
  return Buffer.concat(morceaux);
}

describe.skipIf(TEST_ENGINE === 'postgres')('references told while the workbook is read', () => {
  afterEach(() => fermerIsoles());

  it('tells every reference of the rows read, in order, a batch of 250 rows at a time, before the answer', async () => {
    const lots: string[][] = [];
    let repondu = false;
    const lecture = readClasseurIsole(await classeur(600), 'c.xlsx', undefined, (refs) => {
      expect(repondu).toBe(false);
      lots.push(refs);
    });
    const lu = await lecture.finally(() => {
      repondu = true;
    });
    const attendues = lu.lignes.map((l) => l.valeurs.reference).filter((r) => r !== null);
    expect(attendues).toHaveLength(400);
    expect(lots.flat()).toEqual(attendues);
    // Rows 2–251, 252–501, 502–601: the new rows count in a batch, their references are not told.
    expect(lots.map((l) => l.length)).toEqual([167, 167, 66]);
  });

  it('tells nothing when not asked, and the rows read are the same', async () => {
    const fichier = await classeur(30);
    const lots: string[][] = [];
    const avec = await readClasseurIsole(fichier, 'c.xlsx', undefined, (refs) => lots.push(refs));
    const sans = await readClasseurIsole(fichier, 'c.xlsx');
    expect(sans).toEqual(avec);
    expect(lots).toEqual([avec.lignes.flatMap((l) => (l.valeurs.reference ? [l.valeurs.reference] : []))]);
  });
});
