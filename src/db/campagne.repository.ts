import type { Selectable } from 'kysely';
import { campagneDefaults, rentreeEnCollecte } from '../domain/campagne.ts';
import type { Executor } from './executor.ts';
import type { CampagneRegionTable, CampagneTable } from './schema.ts';

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

/**
 * The current campaign as a reader sees it, writing nothing: the stored current one; when none is
 * current yet, the one ensureCampagneCourante would make current at `now` (the stored campaign of
 * that rentrée, else its defaults, not stored). For the GETs (pages, downloads): reading never
 * creates a campaign; the next write, or the server's start, does.
 */
export async function lireCampagneCourante(db: Executor, now: Date): Promise<Campagne> {
  const current = await getCampagneCourante(db);
  if (current) return current;
  const annee = rentreeEnCollecte(now);
  const stored = await getCampagne(db, annee);
  return { modifie_par: null, modifie_le: null, ...(stored ?? campagneDefaults(annee)), courante: true };
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

export type CampagneRegion = Selectable<CampagneRegionTable>;

/** Every campaign, latest rentrée first. */
export function listCampagnes(db: Executor): Promise<Campagne[]> {
  return db.selectFrom('campagne').selectAll().orderBy('annee', 'desc').execute();
}

/** The collection dates `region` set for campaign `annee`, if any. */
export function getCampagneRegion(db: Executor, annee: number, region: string) {
  return db
    .selectFrom('campagne_region')
    .selectAll()
    .where('annee', '=', annee)
    .where('region', '=', region)
    .executeTakeFirst();
}

export async function updateCampagne(
  db: Executor,
  annee: number,
  valeurs: Partial<Omit<Campagne, 'annee' | 'courante'>>,
): Promise<void> {
  await db.updateTable('campagne').set(valeurs).where('annee', '=', annee).execute();
}

export async function upsertCampagneRegion(db: Executor, row: CampagneRegion): Promise<void> {
  const { annee: _a, region: _r, ...maj } = row;
  await db
    .insertInto('campagne_region')
    .values(row)
    .onConflict((oc) => oc.columns(['annee', 'region']).doUpdateSet(maj))
    .execute();
}

/** Makes `annee` the one current campaign (the partial unique index allows one). */
export async function setCampagneCourante(db: Executor, annee: number): Promise<void> {
  await db.updateTable('campagne').set({ courante: false }).where('courante', '=', true).execute();
  await db.updateTable('campagne').set({ courante: true }).where('annee', '=', annee).execute();
}

/**
 * SIRETs of the organismes of `regions` (null: all) for a campaign's workbooks: the responsable
 * of every formation, neither archived nor deleted, with a live session in one of the régions.
 */
export async function selectSiretsDeRegions(
  db: Executor,
  regions: readonly string[] | null,
): Promise<string[]> {
  const rows = await db
    .selectFrom('formation as f')
    .select('f.responsable_siret')
    .distinct()
    .where('f.responsable_siret', 'is not', null)
    .where('f.statut', 'not in', ['archivee', 'supprimee'])
    .$if(regions !== null, (qb) =>
      qb.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('session as s')
            .select('s.id')
            .whereRef('s.formation_id', '=', 'f.id')
            .where('s.archivee', '=', false)
            .where('s.code_region', 'in', regions!.length ? regions! : ['—']),
        ),
      ),
    )
    .orderBy('f.responsable_siret')
    .execute();
  return rows.map((r) => r.responsable_siret!);
}
