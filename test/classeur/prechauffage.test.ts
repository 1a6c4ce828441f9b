import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  prechaufferLecteurClasseur,
  readClasseurIsole,
} from '../../src/formats/classeur/classeur.isolated.ts';
import { prechaufferLecture } from '../../src/formats/classeur/classeur.prechauffage.ts';
import type { Valeurs } from '../../src/formats/classeur/classeur.rows.ts';
import { writeClasseur } from '../../src/formats/classeur/classeur.writer.ts';
import { fermerIsoles, isolesLibres } from '../../src/formats/isolation.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// The reader's worker started and warmed ahead of the first upload (`offre serve` does it once
// listening): a read asked meanwhile gets its own answer, and the read after it runs in that worker.
// No database: runs once, in the `pglite` project.

/** A campaign workbook of `n` rows for 2027, as the export writes it. */
async function classeur(n: number): Promise<Buffer> {
  const lignes: Valeurs[] = [];
  for (let i = 0; i < n; i++) lignes.push({ intitule: `Formation ${i}`, commune: 'Rennes' });
  const out = new PassThrough();
  const morceaux: Buffer[] = [];
  out.on('data', (b: Buffer) => morceaux.push(b));
  const entete = {
    annee: 2027,
    libelleCampagne: 'Campagne 2027',
    siret: '11111111100011',
    raisonSociale: null,
  };
  await writeClasseur(out, { ...entete, genereLe: new Date('2026-11-24T10:00:00Z') }, lignes);
  return Buffer.concat(morceaux);
}

describe.skipIf(TEST_ENGINE === 'postgres')('reader worker warmed ahead of the first upload', () => {
  // Test files share module state (vitest `isolate: false`): no idle worker is left behind.
  afterEach(() => fermerIsoles());

  it('reads its own made-up workbook: a warm-up that fails would leave the worker cold, silently', async () => {
    expect(await prechaufferLecture()).toBe(200);
  });

  it('gives a read asked during the warm-up its own rows, then keeps that worker for the next read', async () => {
    await fermerIsoles();
    const fichier = await classeur(3);
    const pret = prechaufferLecteurClasseur();
    const [chaud] = isolesLibres();
    expect(chaud).toBeGreaterThan(0);
    // Queued behind the warm-up in the same worker: the warm-up's answer is not taken for this one's.
    const lu = await readClasseurIsole(fichier, 'a.xlsx');
    expect(lu.annee).toBe(2027);
    expect(lu.lignes.map((l) => l.valeurs.intitule)).toEqual(['Formation 0', 'Formation 1', 'Formation 2']);
    await pret;
    expect(isolesLibres()).toEqual([chaud]);
    // Warming again while an idle worker is kept starts nothing.
    await prechaufferLecteurClasseur();
    expect(isolesLibres()).toEqual([chaud]);
    expect((await readClasseurIsole(fichier, 'b.xlsx')).lignes).toHaveLength(3);
    expect(isolesLibres()).toEqual([chaud]);
  });

  it('gives a refusal asked during the warm-up as its own, in French', async () => {
    await fermerIsoles();
    const pret = prechaufferLecteurClasseur();
    const e = await readClasseurIsole(Buffer.from('pas un classeur'), 'faux.xlsx').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'CLASSEUR_PAS_XLSX', status: 422 });
    expect((e as Error).message).toBe(
      'faux.xlsx n’est pas un classeur Excel .xlsx (ce n’est pas une archive zip).',
    );
    await pret;
  });

  it('ends the idle workers when asked (server stop, end of tests)', async () => {
    await prechaufferLecteurClasseur();
    expect(isolesLibres()).toHaveLength(1);
    await fermerIsoles();
    expect(isolesLibres()).toEqual([]);
  });
});
