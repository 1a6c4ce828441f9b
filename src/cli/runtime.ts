import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { AppContext } from '../context.ts';
import type { Database } from '../db/database.ts';
import { OffreError } from '../domain/errors.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { cheminLocal, commandeHebergee } from './hote.context.ts';

export { avecProgression, progress } from './progress.ts';

/** What a first start says before loading the built-in communes (≈ 30 s of silence otherwise). */
export const annonceCommunesIntegrees = (): void => {
  process.stderr.write('Communes : chargement de la liste intégrée (une demi-minute environ)…\n');
};

/**
 * Said before the embedded database is opened, when `dataDir` holds none yet: its creation and
 * migrations take a minute or more of silence (fresh user, 05/12/2026).
 */
export function annoncerPremiereOuverture(config: {
  databaseUrl?: string | undefined;
  dataDir: string;
}): void {
  if (config.databaseUrl || aUneBase(config.dataDir)) return;
  process.stderr.write(
    `Première ouverture : création de la base embarquée dans ${config.dataDir} (une minute environ)…\n`,
  );
}

/** What a first start says after loading the built-in communes (`ensureCommunesParDefaut`). */
export function messageCommunesIntegrees(r: { fichier: string; lignes: { gardees: number } }): string {
  return `Communes : liste intégrée chargée (${r.fichier}, ${r.lignes.gardees} communes et communes déléguées) ; « offre referentiel import communes <fichier> » la complète de coordonnées.`;
}

/** Thrown by a command for a usage or data error: exit code 1 with a French message. */
export class UsageError extends OffreError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

/**
 * Checks a file named on the command line before any work, for every command reading one (one
 * helper, one wording): missing, « Fichier introuvable : … » (FICHIER_INTROUVABLE); a folder,
 * « … est un dossier, pas un fichier » (FICHIER_DOSSIER) — not « introuvable », nor the system's
 * EISDIR (fresh operator, 07/12/2026). Anything else (a named pipe, a device) is left to the
 * reading. Resolved against the caller's folder in a command `offre serve` runs (cheminLocal).
 * `quoi`: what the file is (« Fichier », « Schéma »).
 */
export function fichierVerifie(chemin: string, quoi = 'Fichier'): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(cheminLocal(chemin));
  } catch {
    throw new OffreError('FICHIER_INTROUVABLE', `${quoi} introuvable : ${chemin}`, { fichier: chemin }, 404);
  }
  if (st.isDirectory())
    throw new OffreError('FICHIER_DOSSIER', `${chemin} est un dossier, pas un fichier`, { fichier: chemin });
}

/**
 * Opens the configured database (DATABASE_URL or OFFRE_DATA_DIR), migrates it, runs `fn`, closes;
 * in a command hosted by `offre serve` (embedded database held by the server), uses the server's.
 * The database modules are loaded here, not at start: `offre --help` never pays for them.
 * `creeLaBase`: the command may create the embedded database (db migrate, demo); any other
 * refuses to create one implicitly in ./data of the current folder (baseAbsente).
 * `tightHeap`: a long batch command whose live memory stays small (an LHEO import: 35 to 60 MB
 * after a full collection, at 50,000 formations) runs with V8 letting its old generation grow to
 * 2.5 times the memory live after a full collection instead of four (V8's own factor on a
 * machine of more than ≈ 16 GB): the rest of its peak was garbage waiting for the next full
 * collection (docs/mesures.md, « Import LHEO : mémoire au repos et pic », « Import LHEO : le pic
 * RSS de 313 à 343 Mo »). V8 reads the flag at each collection; it is set back to V8's own (0)
 * when the command ends.
 */
export async function withContext<T>(
  fn: (ctx: AppContext, database: Database) => Promise<T>,
  opts: { creeLaBase?: boolean; tightHeap?: boolean } = {},
): Promise<T> {
  // Run by `offre serve` for a CLI (hote.ts): its database is already open and migrated.
  const hote = commandeHebergee();
  if (hote) return fn(hote.ctx, hote.database);
  const [{ readConfig }, { openDatabase }, { migrate }, { detenteurVivant }] = await Promise.all([
    import('../config.ts'),
    import('../db/database.ts'),
    import('../db/migrate.ts'),
    import('../db/lock.ts'),
  ]);
  const config = readConfig();
  if (!config.databaseUrl && !opts.creeLaBase)
    refuserBaseAbsente(config.dataDir, config.dataDirParDefaut ?? false, detenteurVivant);
  annoncerPremiereOuverture(config);
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  if (opts.tightHeap) setFlagsFromString(`--heap-growing-percent=${TIGHT_HEAP_GROWING_PERCENT}`);
  try {
    await migrate(database.db);
    return await fn({ db: database.db, engine: database.engine, now: () => new Date() }, database);
  } finally {
    if (opts.tightHeap) setFlagsFromString('--heap-growing-percent=0');
    await database.close();
  }
}

/**
 * V8's old generation grows to (1 + this / 100) × its live memory before a full collection
 * (tightHeap). Measured at 50,000 formations: 200 (× 3) peak 365 → 300 MB for the same CPU; 100
 * (× 2) 240 MB for ≈ 8 % more CPU (more full collections). 150 (× 2.5) since: at × 3 the peak of
 * one build varied from 293 to 343 MB from run to run (the live memory at the last full
 * collection, a batch in flight or not, times 3), 7 MB from the 350 MB limit; × 2.5 measured
 * 297.5 → 280 MB (medians), CPU +2 % (docs/mesures.md « Import LHEO : le pic RSS de 313 à 343 Mo »).
 */
const TIGHT_HEAP_GROWING_PERCENT = 150;

/** Whether `dataDir` holds an embedded database (the folder PGlite writes, db/database.ts). */
const aUneBase = (dataDir: string) => existsSync(join(dataDir, 'pglite', 'PG_VERSION'));

/**
 * Refuses, before anything is created, a command that is not one of the four creating the embedded
 * database (`serve`, `db migrate`, `db restore`, `demo`) when `dataDir` holds none: it would
 * silently create, and work on, an empty one — in ./data of a fresh clone, of another folder, or
 * in a mistyped OFFRE_DATA_DIR (fresh user, 05/12/2026). The message names the folder looked in,
 * where Offre's own base is when it has one, and how to create one. `parDefaut`: dataDir is ./data
 * of the current folder (no OFFRE_DATA_DIR). Throws BASE_ABSENTE; BASE_EN_CREATION instead when a
 * live process holds the folder's lock (`detenteurVivant`, db/lock.ts): the first `offre serve`
 * creating it.
 */
export function refuserBaseAbsente(
  dataDir: string,
  parDefaut: boolean,
  detenteurVivant: (dir: string) => { pid?: number; command?: string } | null,
): void {
  if (aUneBase(dataDir)) return;
  // The first `offre serve` (npm start) holds the folder's lock while PGlite creates the base.
  const serveur = detenteurVivant(dataDir);
  if (serveur)
    throw new OffreError(
      'BASE_EN_CREATION',
      `La base embarquée de « ${dataDir} » est en cours de création par un autre processus` +
        `${serveur.pid ? ` (pid ${serveur.pid}${serveur.command ? ` : offre ${serveur.command}` : ''})` : ''}` +
        ' — au premier démarrage (npm start), la création et la préparation de la base prennent quelques dizaines de secondes. ' +
        'Attendez la fin du démarrage (le serveur affiche son adresse), puis relancez la commande : le serveur l’exécutera.',
      { dossier: dataDir },
    );
  const projet = join(PROJECT_ROOT, 'data');
  const ou = parDefaut
    ? 'le dossier ./data du dossier courant, faute de OFFRE_DATA_DIR'
    : 'le dossier de OFFRE_DATA_DIR';
  const celleDuProjet =
    projet !== dataDir && aUneBase(projet) ? ` La base d’Offre installée ici est dans « ${projet} ».` : '';
  const indiquer =
    parDefaut && dataDir === projet
      ? ''
      : parDefaut
        ? ' Lancez la commande depuis le dossier d’Offre, ou indiquez le dossier de la base : OFFRE_DATA_DIR=/chemin/vers/data offre … (PostgreSQL : DATABASE_URL=postgres://…).'
        : ' Vérifiez le chemin donné à OFFRE_DATA_DIR (PostgreSQL : DATABASE_URL=postgres://…).';
  throw new OffreError(
    'BASE_ABSENTE',
    `Aucune base embarquée dans « ${dataDir} » (${ou}) : rien n’a été créé.${celleDuProjet}${indiquer} Pour créer une base neuve : offre db migrate (base vide), npm start ou offre demo (données de démonstration), offre db restore <fichier> (depuis une sauvegarde) ; seules ces commandes et offre serve en créent une.`,
    { dossier: dataDir },
  );
}
