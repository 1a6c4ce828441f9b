import { parentPort } from 'node:worker_threads';
import { OffreError } from '../domain/errors.ts';
import { classeurAvecErreurs } from './classeur/classeur.errors.ts';
import { type ClasseurLu, loadClasseur, readClasseur } from './classeur/classeur.reader.ts';
import type { RapportClasseur } from './classeur/classeur.report.ts';

// The worker thread of ./isolation.ts: the parsing tasks a hostile upload may make run away.
// Arguments and results cross the thread boundary by structured clone (Buffers arrive as Uint8Array).

const buf = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

export const taches = {
  /** The rows of a returned campaign workbook (classeur.reader.ts, read as a stream). */
  async readClasseur(fichier: Uint8Array, nom: string): Promise<ClasseurLu> {
    return await readClasseur(buf(fichier), nom);
  },
  /** The same workbook given back with its `Erreurs` column (classeur.errors.ts). */
  async annotateClasseur(fichier: Uint8Array, nom: string, rapport: RapportClasseur): Promise<Uint8Array> {
    return await classeurAvecErreurs(await loadClasseur(buf(fichier), nom), rapport);
  },
};
export type Taches = typeof taches;

parentPort?.on('message', async (m: { tache: keyof Taches; args: unknown[] }) => {
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
});
