import { parentPort } from 'node:worker_threads';
import { OffreError } from '../domain/errors.ts';
import { classeurAvecErreurs } from './classeur/classeur.errors.ts';
import { prechaufferLecture } from './classeur/classeur.prechauffage.ts';
import { type ClasseurBrut, lireClasseur, loadClasseur } from './classeur/classeur.reader.ts';
import type { RapportClasseur } from './classeur/classeur.report.ts';

// The worker thread of ./isolation.ts: the parsing tasks a hostile upload may make run away.
// Arguments and results cross the thread boundary by structured clone (Buffers arrive as Uint8Array).

const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export const taches = {
  /**
   * The rows of a returned campaign workbook (classeur.reader.ts, read as a stream), its `Versions`
   * sheet as read (split by column in the caller's thread); with `enPaquets`, the rows are sent in
   * packets while reading, as steps (../isolation.ts runIsole's surEtape: classeur.reader.ts
   * SurLignes), and the answer comes without them: the caller decodes them while the worker still
   * reads, instead of one clone of every row at the end. The worker keeps the rows it read all the
   * same (its heap limit refuses the same workbooks).
   */
  async readClasseur(fichier: Uint8Array, nom: string, enPaquets = false): Promise<ClasseurBrut> {
    if (!enPaquets) return await lireClasseur(buf(fichier), nom);
    const lu = await lireClasseur(buf(fichier), nom, (etape) => parentPort!.postMessage({ etape }));
    return { ...lu, lignes: [] };
  },
  /** The same workbook given back with its `Erreurs` column (classeur.errors.ts). */
  async annotateClasseur(fichier: Uint8Array, nom: string, rapport: RapportClasseur): Promise<Uint8Array> {
    return await classeurAvecErreurs(await loadClasseur(buf(fichier), nom), rapport);
  },
};
export type Taches = typeof taches;

type Message = { tache: keyof Taches | 'prechauffer'; args: unknown[] };

async function traiter(m: Message): Promise<void> {
  if (m.tache === 'prechauffer') {
    // ../isolation.ts prechaufferIsole: always answered the same way, failed or not (the task
    // queued after it skips this answer); a warm-up that fails only leaves the worker colder.
    await prechaufferLecture().catch(() => {});
    parentPort!.postMessage({ prechauffe: true });
    return;
  }
  try {
    const f = taches[m.tache] as (...a: unknown[]) => Promise<unknown>;
    parentPort!.postMessage({ ok: await f(...m.args) });
  } catch (e) {
    if (e instanceof OffreError)
      parentPort!.postMessage({
        erreur: { code: e.code, message: e.message, details: { ...e.details }, status: e.status },
      });
    else parentPort!.postMessage({ panne: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

// One message at a time, in order: a task sent during the warm-up starts once it is done (it then
// has the worker's heap to itself, and its answer comes after the warm-up's).
let file: Promise<void> = Promise.resolve();
parentPort?.on('message', (m: Message) => {
  file = file.then(() => traiter(m));
});
