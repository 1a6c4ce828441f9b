import { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import { OffreError } from '../../domain/errors.ts';
import { demarrerFil } from '../isolation.ts';
import type { LheoRecord } from './lheo.reader.ts';
import type { ByteSource } from './lheo.stream.ts';

// readLheo in a worker thread (./lheo.worker.ts), for the command line's import of a whole
// catalogue: decoding, saxes, mapping and Zod run on the other core while this thread writes the
// batches before (docs/mesures.md, « Import LHEO : la lecture dans un fil à part »). This thread
// reads the file's bytes and sends them, copied once and transferred; the worker sends the records
// back in packets. Memory stays bounded: at most EN_VOL chunks sent and not yet read, and no chunk
// sent while ATTENTE records wait here. The same records, in the same order, then the same error,
// as readLheo (a failing source's own error, after the records of its chunks before). Leaving the
// read early closes the source and stops the worker; so does its cancellation (`signal`: a command
// `offre serve` runs, interrupted by its caller), at once, whatever the worker and the source are doing.

/** Chunks sent to the worker and not yet taken by its reader. */
export const EN_VOL = 8;
/** Records received and not yet taken, past which no more chunks are sent (two import batches). */
export const ATTENTE = 400;

export interface MemoireFil {
  /** Old generation of the worker's heap, in MB (V8 `maxOldGenerationSizeMb`). */
  readonly vieilleMo: number;
  /** Young generation, in MB: V8's default (3 × 16 MB) adds to the process's peak for nothing here. */
  readonly jeuneMo: number;
}

/**
 * A plain read keeps a few tens of MB; one <formation> may hold 10 million characters
 * (LIMITES_LHEO). Past it, the file is refused (LHEO_LECTURE_MEMOIRE) rather than the process killed.
 */
export const MEMOIRE_FIL: MemoireFil = Object.freeze({ vieilleMo: 512, jeuneMo: 8 });

const entree = new URL(
  import.meta.url.endsWith('.ts') ? './lheo.worker.ts' : './lheo.worker.js',
  import.meta.url,
);

type Reponse = {
  lu?: true;
  paquet?: LheoRecord[];
  fin?: true;
  panneSource?: true;
  erreur?: { code: string; message: string; details: Record<string, unknown>; status: number };
  panne?: string;
};

export interface OptionsFil {
  /** The worker's heap (default MEMOIRE_FIL). */
  readonly memoire?: MemoireFil;
  /**
   * Once aborted, the read throws the signal's reason at once (the records received and not yet
   * taken are dropped), the worker is stopped and the source closed.
   */
  readonly signal?: AbortSignal;
}

/** readLheo(source, file, aujourdhui), read in a worker thread (see above). */
export async function* readLheoEnFil(
  source: ByteSource,
  file?: string,
  aujourdhui?: string,
  { memoire = MEMOIRE_FIL, signal }: OptionsFil = {},
): AsyncGenerator<LheoRecord> {
  signal?.throwIfAborted();
  const it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const worker: Worker = demarrerFil(entree, {
    maxOldGenerationSizeMb: memoire.vieilleMo,
    maxYoungGenerationSizeMb: memoire.jeuneMo,
  });
  const recus: LheoRecord[] = [];
  let enVol = 0;
  /** How the worker's read ended: null while it reads. */
  let termine: { erreur?: unknown } | null = null;
  let ferme = false;
  let erreurSource: unknown;
  let lecteur = () => {};
  let pompe = () => {};
  const finir = (fin: { erreur?: unknown }) => {
    termine ??= fin;
    lecteur();
    pompe();
  };
  worker.on('message', (r: Reponse) => {
    if (r.lu) {
      enVol--;
      pompe();
    } else if (r.paquet) {
      for (const rec of r.paquet) recus.push(rec);
      lecteur();
    } else if (r.fin) finir({});
    else if (r.panneSource) finir({ erreur: erreurSource });
    else if (r.erreur)
      finir({
        erreur: new OffreError(r.erreur.code as never, r.erreur.message, r.erreur.details, r.erreur.status),
      });
    else if (r.panne !== undefined) finir({ erreur: new Error(r.panne) });
  });
  worker.on('error', (e: Error & { code?: string }) =>
    finir({
      erreur:
        e.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new OffreError(
              'LHEO_LECTURE_MEMOIRE',
              `${file ?? 'fichier LHEO'} : la lecture du fichier dépasse la mémoire permise (${memoire.vieilleMo} Mo) ; fichier refusé, rien n’a été enregistré. Découpez-le en plusieurs fichiers.`,
              { memoire_mo: memoire.vieilleMo },
              422,
            )
          : e,
    }),
  );
  worker.on('exit', () => finir({ erreur: new Error('le fil de lecture LHEO s’est arrêté sans réponse') }));
  worker.postMessage({ fichier: file, aujourdhui });

  // Stops the worker and closes the source, once: at the end of the read, or at its cancellation.
  let fermeture: Promise<unknown> | null = null;
  let enCours = false;
  const fermer = () => {
    if (!fermeture) {
      ferme = true;
      pompe();
      void worker.terminate();
      // The source closed, as readLheo's for…of would (once a read in progress is answered); a
      // stream is destroyed as well, so that a read in progress is not waited for.
      fermeture = Promise.resolve(it.return?.()).catch(() => {});
      if (enCours && source instanceof Readable) source.destroy();
    }
    return fermeture;
  };
  const annuler = () => {
    // Even after the worker's end (its last records not yet taken): the read is cancelled.
    recus.length = 0;
    termine = { erreur: signal!.reason };
    finir(termine);
    void fermer();
  };
  signal?.addEventListener('abort', annuler, { once: true });

  // Sends the source's chunks as long as the bounds allow.
  const pomper = async () => {
    try {
      for (;;) {
        while (!termine && !ferme && (enVol >= EN_VOL || recus.length >= ATTENTE))
          await new Promise<void>((r) => {
            pompe = r;
          });
        if (termine || ferme) return;
        enCours = true;
        const r = await it.next();
        enCours = false;
        if (termine || ferme) return;
        if (r.done) {
          worker.postMessage({ fin: true });
          return;
        }
        enVol++;
        if (typeof r.value === 'string') worker.postMessage({ morceau: r.value });
        else {
          // A copy of the chunk's bytes only (a Buffer may be a view of a larger pool), transferred.
          const copie = new Uint8Array(r.value);
          worker.postMessage({ morceau: copie }, [copie.buffer]);
        }
      }
    } catch (e) {
      enCours = false;
      // After the chunks already sent, as readLheo would meet it.
      erreurSource = e;
      if (!termine && !ferme) worker.postMessage({ panneSource: true });
    }
  };
  void pomper();

  try {
    for (;;) {
      if (recus.length > 0) {
        const rec = recus.shift()!;
        pompe();
        yield rec;
      } else if (termine) {
        const fin: { erreur?: unknown } = termine;
        if ('erreur' in fin) throw fin.erreur;
        return;
      } else
        await new Promise<void>((r) => {
          lecteur = r;
        });
    }
  } finally {
    signal?.removeEventListener('abort', annuler);
    const fermee = fermer();
    if (!enCours) await fermee;
  }
}
