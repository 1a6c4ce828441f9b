import { parentPort } from 'node:worker_threads';
import { OffreError } from '../../domain/errors.ts';
import { type LheoRecord, readLheo } from './lheo.reader.ts';

// The worker thread of ./lheo.fil.ts: reads an LHEO file (decoding, saxes, mapping, Zod) from the
// chunks the main thread sends, and sends its records back in packets, then how the read ended.

/** Records per packet sent back (each packet is one structured clone). */
const PAQUET = 32;

type Arrivee = {
  morceau?: Uint8Array | string;
  fin?: true;
  panneSource?: true;
  fichier?: string;
  aujourdhui?: string;
};

/** Thrown here where the main thread's source failed: the main thread throws that source's error. */
const PANNE_SOURCE = new Error('source');

const arrivees: Arrivee[] = [];
let reveil = () => {};
let paquet: LheoRecord[] = [];

const envoyer = () => {
  if (paquet.length === 0) return;
  parentPort!.postMessage({ paquet });
  paquet = [];
};

/** The file's chunks as the main thread sends them; each one taken is acknowledged (`lu`). */
async function* source(): AsyncGenerator<Uint8Array | string> {
  for (;;) {
    if (arrivees.length === 0) {
      // Nothing more to read yet: the records read so far leave now rather than wait for a full packet.
      envoyer();
      await new Promise<void>((r) => {
        reveil = r;
      });
      continue;
    }
    const m = arrivees.shift()!;
    if (m.fin) return;
    if (m.panneSource) throw PANNE_SOURCE;
    parentPort!.postMessage({ lu: true });
    const c = m.morceau!;
    yield typeof c === 'string' ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  }
}

async function lire(fichier: string | undefined, aujourdhui: string | undefined) {
  try {
    for await (const rec of readLheo(source(), fichier, aujourdhui)) {
      paquet.push(rec);
      if (paquet.length >= PAQUET) envoyer();
    }
    envoyer();
    parentPort!.postMessage({ fin: true });
  } catch (e) {
    // The records read before the error come first, as readLheo gives them.
    envoyer();
    if (e === PANNE_SOURCE) parentPort!.postMessage({ panneSource: true });
    else if (e instanceof OffreError)
      parentPort!.postMessage({
        erreur: { code: e.code, message: e.message, details: { ...e.details }, status: e.status },
      });
    else parentPort!.postMessage({ panne: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

let commence = false;
parentPort?.on('message', (m: Arrivee) => {
  if (!commence) {
    // The first message names the file and today's date (Paris); the chunks follow.
    commence = true;
    void lire(m.fichier, m.aujourdhui);
    return;
  }
  arrivees.push(m);
  reveil();
});
