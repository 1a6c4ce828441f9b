import { type LimitesIsolement, prechaufferIsole, runIsole } from '../isolation.ts';
import { type ClasseurLu, type LigneLue, parLigne, type SurReferences } from './classeur.reader.ts';
import type { RapportClasseur } from './classeur.report.ts';
import { versionsALaDemande } from './classeur.versions.ts';

// The campaign workbook read and annotated in a worker thread (../isolation.ts): the reader keeps
// every row it read, the annotated copy the whole workbook (exceljs), so a workbook that gets past
// the guard and still runs away costs a worker, never the server. Refusals: 422 CLASSEUR_LECTURE_MEMOIRE, CLASSEUR_LECTURE_DUREE.

/** Heap and time allowed to read one workbook (reading a 5,000-row campaign workbook fits in 48 MB). */
export const LIMITES_LECTURE: LimitesIsolement = Object.freeze({ memoireMo: 1024, dureeMs: 120_000 });

const refus = (fichier: string) => ({ code: 'CLASSEUR_LECTURE' as const, fichier });

/**
 * readClasseur (classeur.reader.ts) in a worker: year of the campaign, rows read, versions of the
 * export (each reference's fingerprints split by column when first read: classeur.versions.ts
 * versionsALaDemande). The worker sends the rows in packets while it reads (classeur.reader.ts
 * SurLignes): this thread decodes each as it comes, and `surReferences` is told the references of
 * each packet (the import loads the formations they name meanwhile).
 */
export async function readClasseurIsole(
  fichier: Buffer,
  nom: string,
  limites: LimitesIsolement = LIMITES_LECTURE,
  surReferences?: SurReferences,
): Promise<ClasseurLu> {
  let lignes: LigneLue[] = [];
  const surLignes = (lot: LigneLue[] | null) => {
    if (lot === null) {
      // The sheet is read again (merged cells): its rows come again.
      lignes = [];
      return;
    }
    for (const l of lot) lignes.push(l);
    if (!surReferences) return;
    const references: string[] = [];
    for (const l of lot) if (l.valeurs.reference) references.push(l.valeurs.reference);
    if (references.length > 0) surReferences(references);
  };
  const lu = await runIsole('readClasseur', [fichier, nom, true], limites, refus(nom), (etape) =>
    surLignes(etape as LigneLue[] | null),
  );
  // In the order the reader returns them (classeur.reader.ts sorts the rows it told the same way).
  lignes.sort(parLigne);
  return { ...lu, lignes, versions: versionsALaDemande(lu.versions) };
}

/** The workbook with its `Erreurs` column (classeur.errors.ts), built in a worker. */
export async function annotateClasseurIsole(
  fichier: Buffer,
  nom: string,
  rapport: RapportClasseur,
  limites: LimitesIsolement = LIMITES_LECTURE,
): Promise<Buffer> {
  const u = await runIsole('annotateClasseur', [fichier, nom, rapport], limites, refus(nom));
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/**
 * Starts and warms, in the background, the worker that reads the next workbook (`offre serve`
 * calls it once listening; see ../isolation.ts prechaufferIsole): settles once warm, never rejects.
 */
export function prechaufferLecteurClasseur(): Promise<void> {
  return prechaufferIsole(LIMITES_LECTURE);
}
