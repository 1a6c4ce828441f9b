import { createWriteStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cheminLocal, hebergement } from './hote.context.ts';

/**
 * The running command's standard output: the caller's terminal for a command hosted by
 * `offre serve` (hote.ts), else process.stdout.
 */
export const sortieStandard = (): Writable => hebergement.getStore()?.stdout ?? process.stdout;

/**
 * Writes `source` to the file `out` (closed at the end), or to the standard output, which stays
 * open: ending it would end the server's own stdout for a hosted command, and the next hosted
 * command writing there would never finish (a caller that went away, `offre export … | head`).
 */
export async function ecrireSortie(source: Readable, out?: string): Promise<void> {
  if (out) await pipeline(source, createWriteStream(cheminLocal(out)));
  else await pipeline(source, sortieStandard(), { end: false });
}
