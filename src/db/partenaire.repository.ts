import { sql } from 'kysely';
import type { Executor } from './executor.ts';

// Partner files (migration 0441): written and pruned together, listed without their content.

export interface FichierPartenaireMeta {
  readonly id: string;
  readonly profil: string;
  readonly nom: string;
  readonly format: string;
  readonly type_contenu: string;
  readonly cree_le: Date;
  readonly formations: number;
  readonly sessions: number;
  readonly octets: number;
  readonly sha256: string;
}

const META = [
  'id',
  'profil',
  'nom',
  'format',
  'type_contenu',
  'cree_le',
  'formations',
  'sessions',
  'octets',
  'sha256',
] as const;

/** Stores a file and deletes the profile's files beyond the `garder` most recent. */
export async function insertFichier(
  db: Executor,
  f: FichierPartenaireMeta & { readonly contenu: Uint8Array },
  garder: number,
): Promise<void> {
  await db.insertInto('fichier_partenaire').values(f).execute();
  await db
    .deleteFrom('fichier_partenaire')
    .where('profil', '=', f.profil)
    .where(
      'id',
      'not in',
      db
        .selectFrom('fichier_partenaire')
        .select('id')
        .where('profil', '=', f.profil)
        .orderBy('cree_le', 'desc')
        .orderBy('id', 'desc')
        .limit(garder),
    )
    .execute();
}

/** The files of `profils` (null: every profile), newest first, without their content. */
export function listFichiers(
  db: Executor,
  profils: readonly string[] | null,
): Promise<FichierPartenaireMeta[]> {
  return db
    .selectFrom('fichier_partenaire')
    .select(META)
    .$if(profils !== null, (qb) => qb.where('profil', 'in', profils!.length ? profils! : ['']))
    .orderBy('cree_le', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function findFichier(db: Executor, id: string) {
  return db
    .selectFrom('fichier_partenaire')
    .select([...META, 'contenu'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Whether the profile has a file written at or after `depuis` (another process ran this slot). */
export async function fichierDepuis(db: Executor, profil: string, depuis: Date): Promise<boolean> {
  const r = await db
    .selectFrom('fichier_partenaire')
    .select('id')
    .where('profil', '=', profil)
    .where('cree_le', '>=', depuis)
    .executeTakeFirst();
  return r !== undefined;
}

// One key for every partner-file lock, the profile's hash for the second: a session-level advisory
// lock, so that one process at a time writes a profile's file even with several server processes.
const CLE_VERROU = 7328294;

/** pg_try_advisory_lock on the profile (PostgreSQL and PGlite alike); true when taken. */
export async function lockProfil(db: Executor, profil: string): Promise<boolean> {
  const { rows } = await sql<{
    pris: boolean;
  }>`select pg_try_advisory_lock(${CLE_VERROU}, hashtext(${profil})) as pris`.execute(db);
  return rows[0]?.pris === true;
}

export async function unlockProfil(db: Executor, profil: string): Promise<void> {
  await sql`select pg_advisory_unlock(${CLE_VERROU}, hashtext(${profil}))`.execute(db);
}
