import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CodeErreur } from '../domain/errors.catalogue.ts';
import { OffreError } from '../domain/errors.ts';
import type { Taches } from './isolation.worker.ts';

// Parses hostile uploads in a worker thread with its own heap limit and a deadline: a file that
// makes the parser run away (memory, quadratic time) kills that worker, never the web process,
// and the caller gets a French refusal. One idle worker is kept for the next upload; a worker that
// failed or overran is never reused.
//
// The worker runs ./isolation.worker.ts: compiled next to the bundle in dist/ (bin/build.js), or
// the TypeScript source through tsx when the sources run as they are (tests, `offre` unbuilt).

export interface LimitesIsolement {
  /** Old-generation heap of the worker, in MB (V8 `maxOldGenerationSizeMb`). */
  readonly memoireMo: number;
  /** Wall-clock time allowed, in ms; the worker is terminated past it. */
  readonly dureeMs: number;
}

interface Reponse {
  readonly ok?: unknown;
  readonly erreur?: { code: CodeErreur; message: string; details: Record<string, unknown>; status: number };
  readonly panne?: string;
}

const surSources = import.meta.url.endsWith('.ts');

function demarrer(memoireMo: number): Worker {
  const resourceLimits = { maxOldGenerationSizeMb: memoireMo, maxYoungGenerationSizeMb: 32 };
  if (!surSources) return new Worker(new URL('./isolation.worker.js', import.meta.url), { resourceLimits });
  // tsx's ESM build of its API (require.resolve gives the CommonJS one, next to it).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const entree = new URL('./isolation.worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entree)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}

// One idle worker per heap size, kept for the next task (it is unref'd: it never holds the process).
const libres = new Map<number, Worker>();

/**
 * Runs `tache` of ./isolation.worker.ts on `args` in a worker thread. Resolves with its result;
 * rejects with the task's own OffreError, or with 422 `code`_MEMOIRE / `code`_DUREE when the worker
 * ran out of heap or time (`fichier` names the file in the French message).
 */
export function runIsole<K extends keyof Taches>(
  tache: K,
  args: Parameters<Taches[K]>,
  limites: LimitesIsolement,
  refus: { code: 'CLASSEUR_LECTURE'; fichier: string },
): Promise<Awaited<ReturnType<Taches[K]>>> {
  const reutilise = libres.get(limites.memoireMo);
  libres.delete(limites.memoireMo);
  const worker = reutilise ?? demarrer(limites.memoireMo);
  worker.ref();
  return new Promise((resolve, reject) => {
    let fini = false;
    const finir = (garder: boolean) => {
      fini = true;
      clearTimeout(minuterie);
      worker.off('message', surMessage);
      worker.off('error', surErreur);
      worker.off('exit', surSortie);
      if (garder && !libres.has(limites.memoireMo)) {
        worker.unref();
        libres.set(limites.memoireMo, worker);
      } else void worker.terminate();
    };
    const surMessage = (r: Reponse) => {
      if (fini) return;
      if (r.erreur) {
        finir(true);
        reject(new OffreError(r.erreur.code, r.erreur.message, r.erreur.details, r.erreur.status));
      } else if (r.panne !== undefined) {
        finir(false);
        reject(new Error(r.panne));
      } else {
        finir(true);
        resolve(r.ok as Awaited<ReturnType<Taches[K]>>);
      }
    };
    const surErreur = (e: Error & { code?: string }) => {
      if (fini) return;
      finir(false);
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY')
        reject(
          new OffreError(
            `${refus.code}_MEMOIRE`,
            `${refus.fichier} : la lecture du fichier dépasse la mémoire permise (${limites.memoireMo} Mo) ; fichier refusé. Découpez-le ou simplifiez-le.`,
            { memoire_mo: limites.memoireMo },
            422,
          ),
        );
      else reject(e);
    };
    const surSortie = () => {
      if (!fini) surErreur(new Error('le processus de lecture s’est arrêté sans réponse'));
    };
    const minuterie = setTimeout(() => {
      if (fini) return;
      finir(false);
      reject(
        new OffreError(
          `${refus.code}_DUREE`,
          `${refus.fichier} : la lecture du fichier dépasse ${Math.round(limites.dureeMs / 1000)} s ; fichier refusé. Découpez-le ou simplifiez-le.`,
          { duree_s: Math.round(limites.dureeMs / 1000) },
          422,
        ),
      );
    }, limites.dureeMs);
    worker.on('message', surMessage);
    worker.on('error', surErreur);
    worker.on('exit', surSortie);
    worker.postMessage({ tache, args });
  });
}
