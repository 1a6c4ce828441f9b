import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { CodeErreur } from '../domain/errors.catalogue.ts';
import { OffreError } from '../domain/errors.ts';
import type { Taches } from './isolation.worker.ts';

// Parses hostile uploads in a worker thread with its own heap limit and a deadline: a file that
// makes the parser run away (memory, quadratic time) kills that worker, never the web process,
// and the caller gets a French refusal. One idle worker is kept for the next upload; a worker that
// failed or overran is never reused. `offre serve` starts and warms that idle worker once listening
// (prechaufferIsole), so that no user's first upload pays for its start.
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
  /** The answer of the warm-up task (prechaufferIsole), skipped by the task queued after it. */
  readonly prechauffe?: true;
  /** What the task tells before its answer (runIsole's surEtape). */
  readonly etape?: unknown;
}

const surSources = import.meta.url.endsWith('.ts');

/**
 * A worker thread running `entree` (a module's URL): its compiled `.js` as it is, or, when it is a
 * TypeScript source (tests, `offre` unbuilt), through tsx. Also starts lheo/lheo.fil.ts's reader.
 */
export function demarrerFil(entree: URL, resourceLimits: ResourceLimits): Worker {
  if (!entree.pathname.endsWith('.ts')) return new Worker(entree, { resourceLimits });
  // tsx's ESM build of its API (require.resolve gives the CommonJS one, next to it).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entree.href)}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}

function demarrer(memoireMo: number): Worker {
  const entree = new URL(surSources ? './isolation.worker.ts' : './isolation.worker.js', import.meta.url);
  return demarrerFil(entree, { maxOldGenerationSizeMb: memoireMo, maxYoungGenerationSizeMb: 32 });
}

// One idle worker per heap size, kept for the next task (it is unref'd: it never holds the process).
const libres = new Map<number, Worker>();

/** Forgets `worker` if it is the idle one of its heap size (it failed or exited while idle). */
function oublier(memoireMo: number, worker: Worker) {
  if (libres.get(memoireMo) === worker) libres.delete(memoireMo);
}

/** A new worker, unref'd, that leaves the idle set by itself if it fails or exits while idle. */
function nouveau(memoireMo: number): Worker {
  const worker = demarrer(memoireMo);
  worker.unref();
  // Without a listener, a worker's 'error' would be thrown in the web process.
  worker.on('error', () => oublier(memoireMo, worker));
  worker.on('exit', () => oublier(memoireMo, worker));
  return worker;
}

/**
 * Starts, in the background, the worker that the next task with these `limites` will run in
 * (`offre serve` calls it once listening): the worker loads its modules (exceljs, and tsx's
 * compilation on the sources: ≈ 2.5 s of CPU in its own thread) then runs its warm-up (a small
 * workbook written and read), so that no user's first upload pays for it. Does nothing if an idle
 * worker of that heap size is already kept. The worker is unref'd: it never holds the process. A
 * task that arrives meanwhile takes this worker and runs once the warm-up is done (messages are
 * queued). The promise (never rejected) settles when the warm-up is done or the worker has ended;
 * nothing needs to wait for it.
 */
export function prechaufferIsole(limites: LimitesIsolement): Promise<void> {
  if (libres.has(limites.memoireMo)) return Promise.resolve();
  const worker = nouveau(limites.memoireMo);
  libres.set(limites.memoireMo, worker);
  return new Promise((resolve) => {
    const fin = () => {
      worker.off('message', surMessage);
      worker.off('exit', fin);
      resolve();
    };
    // Its answer is skipped by the task queued after it (runIsole's surMessage).
    const surMessage = (r: Reponse) => {
      if (r.prechauffe) fin();
    };
    worker.on('message', surMessage);
    worker.on('exit', fin);
    worker.postMessage({ tache: 'prechauffer', args: [] });
  });
}

/** The thread ids of the idle workers kept (one per heap size), e.g. to check that one was reused. */
export function isolesLibres(): number[] {
  return [...libres.values()].map((w) => w.threadId);
}

/** Ends every idle worker (at server stop, after tests): resolves once they have exited. */
export async function fermerIsoles(): Promise<void> {
  const tous = [...libres.values()];
  libres.clear();
  await Promise.all(tous.map((w) => w.terminate()));
}

/**
 * Runs `tache` of ./isolation.worker.ts on `args` in a worker thread (`surEtape` told what the task
 * posts before its answer, as `{ etape }`). Resolves with its result;
 * rejects with the task's own OffreError, or with 422 `code`_MEMOIRE / `code`_DUREE when the worker
 * ran out of heap or time (`fichier` names the file in the French message).
 */
export function runIsole<K extends keyof Taches>(
  tache: K,
  args: Parameters<Taches[K]>,
  limites: LimitesIsolement,
  refus: { code: 'CLASSEUR_LECTURE'; fichier: string },
  surEtape?: (etape: unknown) => void,
): Promise<Awaited<ReturnType<Taches[K]>>> {
  const reutilise = libres.get(limites.memoireMo);
  libres.delete(limites.memoireMo);
  const worker = reutilise ?? nouveau(limites.memoireMo);
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
      if (fini || r.prechauffe) return;
      if ('etape' in r) surEtape?.(r.etape);
      else if (r.erreur) {
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
