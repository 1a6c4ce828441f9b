import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { ExpressionBuilder, Insertable, Selectable } from 'kysely';
import type { ComptesImport } from '../domain/import-origine.ts';
import type { Executor } from './executor.ts';
import type { DB, ImportTacheTable } from './schema.ts';

// Imports started from /espace/imports (migration 0230): the uploaded file, its state and report;
// and, one row per SIREN, the imports made by the command line or the API (migration 0970);
// a gestionnaire's jobs of /gestion/imports, found by their sender (migration 1030).

/**
 * Whose jobs a page reaches: an organisme's SIREN, or the gestionnaire who sent them (jobs with no
 * SIREN); part of every lookup, so that no page opens another's job.
 */
export type Portee = { readonly siren: string } | { readonly gestionnaire: string };

const dansPortee = (p: Portee) => (eb: ExpressionBuilder<DB, 'import_tache'>) =>
  'siren' in p
    ? eb('siren', '=', p.siren)
    : eb.and([eb('siren', 'is', null), eb('utilisateur_id', '=', p.gestionnaire)]);

export type ImportTacheRow = Selectable<ImportTacheTable>;
/** A job without its files (lists and progress pages never load them). */
export type ImportTacheResume = Omit<ImportTacheRow, 'fichier' | 'classeur_annote' | 'rapport_complet'> & {
  readonly a_classeur_annote: boolean;
  readonly a_rapport_complet: boolean;
};

const RESUME = [
  'id',
  'siren',
  'utilisateur_id',
  'acteur',
  'format',
  'fichier_nom',
  'taille',
  'empreinte',
  'etape',
  'etat',
  'progression',
  'total',
  'rapport',
  'erreur',
  'created_at',
  'updated_at',
  'applique_at',
  'origine',
  'lot',
  'cle_nom',
  'creees',
  'modifiees',
  'inchangees',
  'archivees',
  'rejetees',
] as const;

/** Rows inserted per statement (15 columns: far under PostgreSQL's 65,535 bind parameters). */
const LOT_INSERTION = 500;

/**
 * The file sent is stored gzip-compressed (level 1, in libuv's thread pool, off the server's
 * thread): on PGlite, storing the 45 Mo of an LHEO file as they are held the single thread 17 s in
 * one statement (the database's own compression of the value, in the same thread; review 05/12),
 * about a tenth of that once compressed. A file stored before (or never compressed) is read as it
 * is: a workbook starts with PK, an LHEO file with `<` or a BOM, never with gzip's 1F 8B.
 */
const ZIP = promisify(gzip);
const DEZIP = promisify(gunzip);
const compresse = (f: Uint8Array) => f.length >= 2 && f[0] === 0x1f && f[1] === 0x8b;
const versBuffer = (f: Uint8Array) => Buffer.from(f.buffer, f.byteOffset, f.byteLength);
const fichierStocke = async (f: unknown) =>
  f instanceof Uint8Array && f.length > 0 ? ZIP(f, { level: 1 }) : (f as Buffer | null | undefined);
const fichierLu = async (f: Uint8Array): Promise<Buffer> => (compresse(f) ? DEZIP(f) : versBuffer(f));

export async function insertImportTache(db: Executor, row: Insertable<ImportTacheTable>): Promise<void> {
  await db
    .insertInto('import_tache')
    .values({ ...row, fichier: (await fichierStocke(row.fichier)) as never })
    .execute();
}

/** Inserts finished imports (the command line's, the API's: one row per SIREN), in chunks. */
export async function insertImportsTermines(
  db: Executor,
  rows: readonly Insertable<ImportTacheTable>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += LOT_INSERTION)
    await db
      .insertInto('import_tache')
      .values(rows.slice(i, i + LOT_INSERTION))
      .execute();
}

/** One job of `p` (never another's: the SIREN or the sender is part of the key looked up). */
export async function findImportTache(
  db: Executor,
  p: Portee,
  id: string,
): Promise<ImportTacheResume | undefined> {
  const r = await db
    .selectFrom('import_tache')
    .select(RESUME)
    .select((eb) => eb('classeur_annote', 'is not', null).as('a_classeur_annote'))
    .select((eb) => eb('rapport_complet', 'is not', null).as('a_rapport_complet'))
    .where(dansPortee(p))
    .where('id', '=', id)
    .executeTakeFirst();
  return r as ImportTacheResume | undefined;
}

/** The jobs of `p`, newest first. */
export async function listImportTaches(db: Executor, p: Portee, limit: number): Promise<ImportTacheResume[]> {
  const rows = await db
    .selectFrom('import_tache')
    .select(RESUME)
    .select((eb) => eb('classeur_annote', 'is not', null).as('a_classeur_annote'))
    .select((eb) => eb('rapport_complet', 'is not', null).as('a_rapport_complet'))
    .where(dansPortee(p))
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows as ImportTacheResume[];
}

/** One of the job's files: the one sent, the workbook annotated with its errors, the LHEO full report (gzip). */
export async function fichierImportTache(
  db: Executor,
  p: Portee,
  id: string,
  quel: 'fichier' | 'classeur_annote' | 'rapport_complet',
): Promise<{ nom: string; contenu: Buffer | null } | undefined> {
  const r = await db
    .selectFrom('import_tache')
    .select(['fichier_nom', quel])
    .where(dansPortee(p))
    .where('id', '=', id)
    .executeTakeFirst();
  if (!r) return undefined;
  const c = (r as Record<string, unknown>)[quel] as Uint8Array | null;
  if (!c) return { nom: r.fichier_nom, contenu: null };
  // The LHEO full report is gzip and stays so (the caller decompresses it); the file sent is given back as sent.
  return { nom: r.fichier_nom, contenu: quel === 'fichier' ? await fichierLu(c) : versBuffer(c) };
}

/**
 * Takes a waiting job (atomically: of several processes, one gets it) and returns it with its
 * file; undefined when another process has it already or it is not waiting.
 */
export async function claimImportTache(db: Executor, id: string, at: Date) {
  const r = await db
    .updateTable('import_tache')
    .set({ etat: 'en_cours', progression: 0, total: null, updated_at: at })
    .where('id', '=', id)
    .where('etat', '=', 'en_attente')
    .returning([
      'id',
      'siren',
      'utilisateur_id',
      'acteur',
      'format',
      'fichier_nom',
      'fichier',
      'etape',
      'rapport',
    ])
    .executeTakeFirst();
  if (!r) return undefined;
  return { ...r, fichier: await fichierLu(r.fichier as Uint8Array) };
}

export async function progresImportTache(
  db: Executor,
  id: string,
  p: { progression: number; total: number | null },
  at: Date,
): Promise<void> {
  await db
    .updateTable('import_tache')
    .set({ ...p, updated_at: at })
    .where('id', '=', id)
    .where('etat', '=', 'en_cours')
    .execute();
}

export async function finishImportTache(
  db: Executor,
  id: string,
  fin: {
    etat: 'terminee' | 'echouee';
    rapport: unknown;
    erreur: unknown;
    classeur_annote: Buffer | null;
    rapport_complet?: Buffer | null;
    applique_at: Date | null;
    /** What the report counts (null for a failed job). */
    comptes?: ComptesImport | null;
  },
  at: Date,
): Promise<void> {
  const c = fin.comptes ?? null;
  await db
    .updateTable('import_tache')
    .set({
      creees: c?.creees ?? null,
      modifiees: c?.modifiees ?? null,
      inchangees: c?.inchangees ?? null,
      archivees: c?.archivees ?? null,
      rejetees: c?.rejetees ?? null,
      etat: fin.etat,
      rapport: fin.rapport === null ? null : JSON.stringify(fin.rapport),
      erreur: fin.erreur === null ? null : JSON.stringify(fin.erreur),
      classeur_annote: fin.classeur_annote,
      rapport_complet: fin.rapport_complet ?? null,
      applique_at: fin.applique_at,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

/** A previewed job of `p` goes back to the queue for its application; false when it is not a finished preview. */
export async function requestApplication(
  db: Executor,
  p: Portee,
  id: string,
  par: { utilisateur_id: string; acteur: unknown },
  at: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('import_tache')
    .set({
      utilisateur_id: par.utilisateur_id,
      acteur: JSON.stringify(par.acteur),
      etape: 'application',
      etat: 'en_attente',
      progression: 0,
      total: null,
      updated_at: at,
    })
    .where(dansPortee(p))
    .where('id', '=', id)
    .where('etape', '=', 'apercu')
    .where('etat', '=', 'terminee')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Jobs waiting in the queue (oldest first): what a process picks up when it starts or is idle. */
export async function listImportsEnAttente(db: Executor, limit = 20): Promise<string[]> {
  const rows = await db
    .selectFrom('import_tache')
    .select('id')
    .where('etat', '=', 'en_attente')
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The establishments of `siren` the offer knows (those with a campaign workbook), by SIRET. */
export function listEtablissementsOrganisme(db: Executor, siren: string) {
  return db
    .selectFrom('organisme')
    .select(['siret', 'raison_sociale', 'enseigne', 'commune'])
    .where('siren', '=', siren)
    .orderBy('siret')
    .execute();
}
