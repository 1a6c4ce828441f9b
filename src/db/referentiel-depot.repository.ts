import type { Insertable, Selectable } from 'kysely';
import type { Executor } from './executor.ts';
import type { ReferentielDepotTable } from './schema.ts';

// Reference files uploaded from /gestion/referentiels (migration 0640).

export type DepotRow = Selectable<ReferentielDepotTable>;
/** A deposit without its file (pages never load it). */
export type DepotResume = Omit<DepotRow, 'fichier'>;

const RESUME = [
  'id',
  'kind',
  'fichier_nom',
  'taille',
  'empreinte',
  'etat',
  'apercu',
  'erreur',
  'run_id',
  'depose_par',
  'decide_par',
  'confirme',
  'created_at',
  'decided_at',
] as const;

export async function insertDepot(db: Executor, row: Insertable<ReferentielDepotTable>): Promise<void> {
  await db.insertInto('referentiel_depot').values(row).execute();
}

export async function findDepot(db: Executor, id: string): Promise<DepotResume | undefined> {
  return db.selectFrom('referentiel_depot').select(RESUME).where('id', '=', id).executeTakeFirst();
}

export async function fichierDepot(db: Executor, id: string): Promise<Buffer | undefined> {
  const r = await db
    .selectFrom('referentiel_depot')
    .select('fichier')
    .where('id', '=', id)
    .executeTakeFirst();
  return r?.fichier;
}

/**
 * The newest deposit of `kind` still awaiting a decision (etat « apercu ») whose file has this
 * SHA-256 (`empreinte`, hex): the one a second deposit of the same file leads to.
 */
export async function depotEnAttente(
  db: Executor,
  kind: string,
  empreinte: string,
): Promise<string | undefined> {
  const r = await db
    .selectFrom('referentiel_depot')
    .select('id')
    .where('kind', '=', kind)
    .where('empreinte', '=', empreinte)
    .where('etat', '=', 'apercu')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return r?.id;
}

/** The latest deposits, newest first (without their preview, to keep the list light). */
export async function listDepots(db: Executor, limit: number) {
  return db
    .selectFrom('referentiel_depot')
    .select([
      'id',
      'kind',
      'fichier_nom',
      'etat',
      'depose_par',
      'decide_par',
      'confirme',
      'created_at',
      'decided_at',
    ])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Moves a deposit from `de` to `vers` (with the given fields); false when it was no longer in `de`. */
export async function changeEtat(
  db: Executor,
  id: string,
  de: DepotRow['etat'],
  vers: DepotRow['etat'],
  champs: Partial<
    Pick<Insertable<ReferentielDepotTable>, 'erreur' | 'run_id' | 'decide_par' | 'confirme' | 'decided_at'>
  > = {},
): Promise<boolean> {
  const r = await db
    .updateTable('referentiel_depot')
    .set({ etat: vers, ...champs })
    .where('id', '=', id)
    .where('etat', '=', de)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
