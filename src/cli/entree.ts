import { closeSync, constants, createReadStream, openSync, type ReadStream, statSync } from 'node:fs';
import { commandeHebergee } from './hote.context.ts';

// The files a command reads (an LHEO file, a workbook) are read asynchronously, never with a
// synchronous read: a named pipe with no writer, or one whose writer says nothing, would block the
// whole process there — Ctrl-C unheard (its handler is JavaScript), or, for a command `offre serve`
// runs, the server itself.

/**
 * The bytes of the file `chemin`, chunk by chunk. In a command `offre serve` runs (hote.ts), its
 * cancellation (its caller's Ctrl-C, the server stopping) ends the wait at once: a named pipe
 * that never says more would otherwise hold the command, and the transaction it may hold on the
 * server's database, for good.
 */
export async function* lireFichier(chemin: string): AsyncGenerator<Buffer> {
  const signal = commandeHebergee()?.signal;
  const flux = createReadStream(chemin);
  try {
    if (!signal) {
      for await (const morceau of flux) yield morceau as Buffer;
      return;
    }
    let rejeter: (raison: unknown) => void = () => {};
    const annulee = new Promise<never>((_, ko) => {
      rejeter = ko;
    });
    annulee.catch(() => {});
    const annuler = () => {
      lacher(chemin, flux);
      rejeter(signal.reason);
    };
    if (signal.aborted) annuler();
    else signal.addEventListener('abort', annuler, { once: true });
    try {
      const lecture = flux[Symbol.asyncIterator]();
      for (;;) {
        const r = await Promise.race([lecture.next(), annulee]);
        if (r.done) return;
        yield r.value as Buffer;
      }
    } finally {
      signal.removeEventListener('abort', annuler);
    }
  } finally {
    flux.destroy();
  }
}

/** The whole file `chemin` (lireFichier: asynchronous, and cancellable in a hosted command). */
export async function lireTout(chemin: string): Promise<Buffer> {
  const morceaux: Buffer[] = [];
  for await (const m of lireFichier(chemin)) morceaux.push(m);
  return Buffer.concat(morceaux);
}

/**
 * A named pipe nobody writes to holds its reader's opening in one of libuv's few threads, which
 * the process would wait for at exit: opened for writing a moment, it lets the reader go (at the
 * end of the pipe). A reader already past its opening, waiting for a writer that says nothing,
 * stays in its thread until that writer writes or closes.
 */
function lacher(chemin: string, flux: ReadStream): void {
  if (!flux.pending) return;
  try {
    if (statSync(chemin).isFIFO()) closeSync(openSync(chemin, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader waiting (ENXIO), or gone meanwhile: nothing to let go
  }
}
