import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dixiemes, nombre } from '../domain/nombres.ts';

// Scheduled dumps of the embedded database (OFFRE_DUMP_EVERY, OFFRE_DUMP_KEEP): `offre serve` on
// PGlite writes `<data>/sauvegardes/offre-<date>.tar.gz` every N minutes and keeps the last K, so
// that a crash that leaves the folder unreadable loses at most N minutes: `offre db restore`
// without a file brings back the newest one. A dump is written to a temporary name, then renamed:
// a crash while writing never leaves a truncated file under a dump's name.

export const DOSSIER_SAUVEGARDES = 'sauvegardes';
const NOM = /^offre-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(-\d{3})?Z)\.tar\.gz$/;

/** The dumps of `dataDir`, newest first (full paths). */
export function listSauvegardes(dataDir: string): string[] {
  const dir = join(dataDir, DOSSIER_SAUVEGARDES);
  let noms: string[];
  try {
    noms = readdirSync(dir);
  } catch {
    return [];
  }
  return noms
    .filter((n) => NOM.test(n))
    .sort()
    .reverse()
    .map((n) => join(dir, n));
}

/**
 * Writes one dump (`bytes`, a gzipped tarball of the folder) into `<dataDir>/sauvegardes` and
 * removes the oldest beyond `garder`. Returns the path written.
 */
export function writeSauvegarde(
  dataDir: string,
  bytes: Uint8Array,
  garder: number,
  now = new Date(),
): string {
  const dir = join(dataDir, DOSSIER_SAUVEGARDES);
  mkdirSync(dir, { recursive: true });
  const fichier = join(dir, `offre-${now.toISOString().replace(/[:.]/g, '-')}.tar.gz`);
  const tmp = `${fichier}.partiel`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, fichier);
  for (const vieux of listSauvegardes(dataDir).slice(Math.max(1, garder))) rmSync(vieux, { force: true });
  return fichier;
}

export interface Planification {
  /** Minutes between two dumps. */
  readonly toutesLesMinutes: number;
  /** Dumps kept (the newest). */
  readonly garder: number;
  readonly onNotice?: (message: string) => void;
}

/**
 * Dumps `dump()` every `toutesLesMinutes` into `dataDir` (see above); resolves nothing, returns
 * the function that stops the schedule. A failed dump is reported through `onNotice` and the
 * schedule goes on.
 */
export function scheduleSauvegardes(
  dataDir: string,
  dump: () => Promise<Uint8Array>,
  p: Planification,
): () => void {
  const notice = p.onNotice ?? ((m: string) => process.stderr.write(`${m}\n`));
  let enCours = false;
  const timer = setInterval(async () => {
    if (enCours) return;
    enCours = true;
    try {
      const started = Date.now();
      const f = writeSauvegarde(dataDir, await dump(), p.garder);
      notice(
        `Sauvegarde de la base embarquée écrite : ${f} (${dixiemes(statSync(f).size / 1e6)} Mo, ${nombre(Date.now() - started)} ms).`,
      );
    } catch (e) {
      notice(`Erreur : la sauvegarde planifiée de la base embarquée a échoué (${(e as Error).message}).`);
    } finally {
      enCours = false;
    }
  }, p.toutesLesMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
