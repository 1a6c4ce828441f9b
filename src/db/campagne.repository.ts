import type { Selectable } from 'kysely';
import { campagneDefaults, rentreeEnCollecte } from '../domain/campagne.ts';
import type { Executor } from './executor.ts';
import type { CampagneTable } from './schema.ts';

export type Campagne = Selectable<CampagneTable>;

export function getCampagneCourante(db: Executor): Promise<Campagne | undefined> {
  return db.selectFrom('campagne').selectAll().where('courante', '=', true).executeTakeFirst();
}

export function getCampagne(db: Executor, annee: number): Promise<Campagne | undefined> {
  return db.selectFrom('campagne').selectAll().where('annee', '=', annee).executeTakeFirst();
}

/** Creates the campaign of the rentrée in collection at `now` (and the previous one) when absent; marks it current if none is. */
export async function ensureCampagneCourante(db: Executor, now: Date): Promise<Campagne> {
  const current = await getCampagneCourante(db);
  if (current) return current;
  const annee = rentreeEnCollecte(now);
  for (const a of [annee - 1, annee]) {
    await db
      .insertInto('campagne')
      .values(campagneDefaults(a))
      .onConflict((oc) => oc.column('annee').doNothing())
      .execute();
  }
  await db.updateTable('campagne').set({ courante: true }).where('annee', '=', annee).execute();
  return (await getCampagneCourante(db))!;
}

/** Creates the campaign of rentrée `annee` with its default calendar when absent; true when created. */
export async function ensureCampagne(db: Executor, annee: number): Promise<boolean> {
  const r = await db
    .insertInto('campagne')
    .values(campagneDefaults(annee))
    .onConflict((oc) => oc.column('annee').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}
