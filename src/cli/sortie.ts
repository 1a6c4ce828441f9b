import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs';
import { type FileHandle, open, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { OffreError } from '../domain/errors.ts';
import { cheminLocal, hebergement } from './hote.context.ts';
import { fichierEnCours, fichierSupprime, fichierTermine } from './interruption.ts';

/**
 * The running command's standard output: the caller's terminal for a command hosted by
 * `offre serve` (hote.ts), else process.stdout.
 */
export const sortieStandard = (): Writable => hebergement.getStore()?.stdout ?? process.stdout;

/**
 * Writes `source` to the file `out` (ecrireFichier), or to the standard output, which stays
 * open: ending it would end the server's own stdout for a hosted command, and the next hosted
 * command writing there would never finish (a caller that went away, `offre export … | head`).
 */
export async function ecrireSortie(source: Readable, out?: string): Promise<void> {
  if (out) await ecrireFichier(out, (flux) => pipeline(source, flux));
  else await pipeline(source, sortieStandard(), { end: false });
}

/**
 * The file a command that writes to the standard output by default was asked for: `undefined` for
 * none or for « - », which names the standard output as in every Unix tool (`offre export csv -o -`).
 */
export const sortieDemandee = (out: string | undefined): string | undefined =>
  out === '-' ? undefined : out;

/** SORTIE_IMPOSSIBLE: the file a command was asked to write, and why it cannot be, in French. */
const sortieImpossible = (chemin: string, raison: string) =>
  new OffreError('SORTIE_IMPOSSIBLE', `Impossible d’écrire le fichier « ${chemin} » : ${raison}.`, {
    fichier: chemin,
  });

const ecrivable = (chemin: string) => {
  try {
    accessSync(chemin, constants.W_OK);
    return true;
  } catch {
    return false;
  }
};

/** Why `chemin` cannot be written, as far as can be told without opening it; null if it can. */
function obstacle(chemin: string): string | null {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(chemin, { throwIfNoEntry: false });
  } catch {
    st = undefined; // ENOTDIR: said of its folder below
  }
  if (st?.isDirectory())
    return `« ${chemin} » est un dossier ; indiquez un nom de fichier dans ce dossier (--out ${chemin.replace(/\/+$/, '')}/<fichier>)`;
  if (st) return ecrivable(chemin) ? null : 'le fichier existe et n’est pas modifiable (droits insuffisants)';
  const dossier = dirname(chemin);
  let d: ReturnType<typeof statSync>;
  try {
    d = statSync(dossier);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR'
      ? `le chemin du dossier « ${dossier} » passe par un fichier`
      : `le dossier « ${dossier} » n’existe pas (créez-le d’abord, ou choisissez un autre dossier)`;
  }
  if (!d.isDirectory()) return `« ${dossier} » n’est pas un dossier`;
  return ecrivable(dossier)
    ? null
    : `le dossier « ${dossier} » n’est pas accessible en écriture (droits insuffisants)`;
}

/** An error of the system while opening or writing `chemin`, in French; other errors as they are. */
function traduire(chemin: string, e: unknown, supprime = false): unknown {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (!code || !(e as NodeJS.ErrnoException).syscall) return e;
  const raisons: Record<string, string> = {
    EACCES: 'droits insuffisants',
    EPERM: 'droits insuffisants',
    EISDIR: `« ${chemin} » est un dossier`,
    ENOSPC: 'plus de place sur le disque',
    EDQUOT: 'quota du disque atteint',
    EROFS: 'le disque est en lecture seule',
    EFBIG: 'fichier trop grand pour ce disque',
  };
  const raison = raisons[code] ?? obstacle(chemin) ?? `erreur du système (${code})`;
  return sortieImpossible(chemin, supprime ? `${raison} ; le fichier incomplet a été supprimé` : raison);
}

/**
 * Checks, before any work (nothing read, nothing imported yet), that the file `fichier` can be
 * written: its folder exists and is writable, it is not a folder. Resolves it against the caller's
 * folder (cheminLocal); throws SORTIE_IMPOSSIBLE naming it. For every file a command writes.
 */
export function sortieVerifiee(fichier: string): string {
  // « - » reaches here only on a command whose output is always a file (sortieDemandee).
  if (fichier === '-')
    throw sortieImpossible(
      fichier,
      '« - » désigne la sortie standard, et cette commande écrit toujours un fichier : indiquez un nom de fichier',
    );
  const chemin = cheminLocal(fichier);
  const raison = obstacle(chemin);
  if (raison) throw sortieImpossible(chemin, raison);
  return chemin;
}

/**
 * Writes the file `fichier` (sortieVerifiee) with `ecrire`, which writes and ends the stream it
 * is given; resolves with its result once the file is on disk. Opened before `ecrire` runs, so
 * that an open error never reaches a writer that would wait for the stream forever (the
 * workbook's). On any failure (open, write, `ecrire`, the hosted command cancelled) nothing
 * half-written stays: the file is removed; the system's errors become SORTIE_IMPOSSIBLE.
 */
export async function ecrireFichier<T>(fichier: string, ecrire: (flux: Writable) => Promise<T>): Promise<T> {
  const chemin = sortieVerifiee(fichier);
  const signal = hebergement.getStore()?.signal;
  let handle: FileHandle;
  try {
    handle = await ouvrir(chemin, signal);
  } catch (e) {
    throw traduire(chemin, e);
  }
  const fichierOrdinaire = (await handle.stat()).isFile();
  // Removed on Ctrl-C too (interruption.ts): a named pipe or a device is not ours to remove.
  if (fichierOrdinaire) fichierEnCours(chemin);
  const flux = handle.createWriteStream();
  const annuler = () => flux.destroy(signal?.reason as Error);
  signal?.addEventListener('abort', annuler, { once: true });
  // The stream's own error ends the wait, even when `ecrire` does not notice it.
  let erreurDuFlux: unknown = null;
  const erreur = new Promise<never>((_, ko) =>
    flux.once('error', (e) => {
      erreurDuFlux = e;
      ko(e);
    }),
  );
  erreur.catch(() => {});
  try {
    const r = await Promise.race([ecrire(flux), erreur]);
    if (!flux.writableEnded) flux.end();
    await Promise.race([finished(flux), erreur]);
    return r;
  } catch (e) {
    if (!flux.closed) {
      const ferme = new Promise<void>((r) => flux.once('close', () => r()));
      flux.destroy();
      await ferme;
    }
    // A named pipe or a device (/dev/stdout) is not ours to remove.
    if (fichierOrdinaire) {
      await rm(chemin, { force: true });
      // Cancelled by its caller's Ctrl-C: the line its terminal prints names it (hote.ts).
      if (signal?.aborted) fichierSupprime(chemin);
    }
    throw e === erreurDuFlux ? traduire(chemin, e, fichierOrdinaire) : e;
  } finally {
    fichierTermine(chemin);
    signal?.removeEventListener('abort', annuler);
  }
}

/**
 * Opens `chemin` for writing; a hosted command cancelled meanwhile stops waiting: a named pipe
 * nobody reads blocks its opening in one of libuv's threads, which the process would wait for at
 * exit (SIGTERM would never end the server), so the pipe is opened for reading a moment to let it go.
 */
function ouvrir(chemin: string, signal: AbortSignal | undefined): Promise<FileHandle> {
  const ouverture = open(chemin, 'w');
  if (!signal) return ouverture;
  const lacher = () => {
    void ouverture.then(
      (h) => h.close(),
      () => {},
    );
    try {
      if (statSync(chemin).isFIFO()) closeSync(openSync(chemin, constants.O_RDONLY | constants.O_NONBLOCK));
    } catch {
      // gone meanwhile: nothing waits on it
    }
  };
  if (signal.aborted) {
    lacher();
    return Promise.reject(signal.reason);
  }
  return new Promise((ok, ko) => {
    const annuler = () => {
      lacher();
      ko(signal.reason);
    };
    signal.addEventListener('abort', annuler, { once: true });
    ouverture.then(
      (h) => {
        signal.removeEventListener('abort', annuler);
        ok(h);
      },
      (e) => {
        signal.removeEventListener('abort', annuler);
        ko(e);
      },
    );
  });
}
