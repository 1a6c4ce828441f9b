import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { OffreError } from '../domain/errors.ts';

/**
 * An exclusive lock on the embedded database folder.
 * Why: two processes opening the same PGlite folder silently lose data (measured).
 */
export function lockDataDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'offre.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new OffreError(
          'BASE_VERROUILLEE',
          `La base embarquée du dossier « ${dir} » est déjà ouverte par un autre processus (pid ${pid}), ` +
            'par exemple le serveur « offre serve ». Arrêtez-le avant de lancer cette commande, ' +
            'ou utilisez PostgreSQL (variable DATABASE_URL) pour travailler à plusieurs processus.',
        );
      }
      if (pid === process.pid) {
        throw new OffreError(
          'BASE_VERROUILLEE',
          `La base embarquée « ${dir} » est déjà ouverte par ce processus.`,
        );
      }
      unlinkSync(file); // stale lock from a process that died
    }
  }
  throw new OffreError('BASE_VERROUILLEE', `Impossible de verrouiller le dossier « ${dir} ».`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
